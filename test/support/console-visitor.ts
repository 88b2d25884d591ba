/** A browser-like client of the console API: keeps the session cookies and sends the CSRF header. */
export class ConsoleVisitor {
  private cookies = new Map<string, string>();
  constructor(
    private readonly baseUrl: string,
    /** Sent as X-Forwarded-For (servers in tests trust the proxy when they limit per IP). */
    private readonly ip = '127.0.0.1',
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': this.ip };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const csrf = this.cookies.get('ky_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) this.cookies.set(name!, value);
      else this.cookies.delete(name!);
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}
