/** Validators that keep look-alike numbers (order numbers, timestamps) from being redacted. */

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCharacters = '10X98765432';
const provinceCodes = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83, 91,
]);

/** Mainland resident identity number (GB 11643-1999): province, birth date and ISO 7064 MOD 11-2 check. */
export function isValidResidentId(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!provinceCodes.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || year > new Date().getUTCFullYear()) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(id[index]) * idWeights[index]!;
  return idCheckCharacters[sum % 11] === id[17];
}

/** The Luhn (mod 10) check of payment card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer prefixes with the lengths their cards have (ISO/IEC 7812 ranges as issuers publish them):
 * UnionPay 62 (16–19), Visa 4 (13, 16, 19), Mastercard 51–55 and 2221–2720 (16), American Express
 * 34/37 (15), JCB 3528–3589 (16–19), Discover 6011/644–649/65 (16–19), Diners 36/38 (14–16).
 */
const issuers: Array<{ prefix: RegExp; lengths: readonly number[] }> = [
  { prefix: /^62/, lengths: [16, 17, 18, 19] },
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^35(2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { prefix: /^(6011|64[4-9]|65)/, lengths: [16, 17, 18, 19] },
  { prefix: /^3[68]/, lengths: [14, 15, 16] },
];

/** A bank card: an issuer prefix with a length that issuer uses, not one repeated digit, Luhn-valid. */
export function isValidBankCard(digits: string): boolean {
  if (!issuers.some((issuer) => issuer.prefix.test(digits) && issuer.lengths.includes(digits.length))) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return passesLuhn(digits);
}

/** Mainland landline area codes: 010, 02X, or four digits 03XX–09XX. */
export function isValidAreaCode(code: string): boolean {
  if (code.length === 3) return code === '010' || /^02\d$/.test(code);
  return code.length === 4 && /^0[3-9]\d\d$/.test(code);
}
