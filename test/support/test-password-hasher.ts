import { PasswordHasher } from '../../src/accounts/password-hashing.ts';

/**
 * scrypt at N=16, r=1 (microseconds instead of tens of milliseconds a hash) for services that
 * tests build themselves. Hashes keep the production format and are verified the same way.
 */
export const testPasswordHasher = new PasswordHasher({ N: 16, r: 1, p: 1 });
