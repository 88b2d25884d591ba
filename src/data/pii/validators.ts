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

/** A bank card: 13–19 digits, a known issuer prefix (UnionPay 62, Visa 4, Mastercard 51–55/22–27, Amex 34/37, JCB 35), Luhn-valid. */
export function isValidBankCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^(62|4|5[1-5]|2[2-7]|3[47]|35|60|65|9)/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return passesLuhn(digits);
}

/** Mainland landline area codes: 010, 02X, or four digits 03XX–09XX. */
export function isValidAreaCode(code: string): boolean {
  if (code.length === 3) return code === '010' || /^02\d$/.test(code);
  return code.length === 4 && /^0[3-9]\d\d$/.test(code);
}
