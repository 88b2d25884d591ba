/** The value of the readable `ky_csrf` cookie, sent back as `x-csrf-token` on state-changing calls. */
export function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'ky_csrf') return decodeURIComponent(rest.join('='));
  }
  return null;
}
