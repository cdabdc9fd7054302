import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  pw: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  opts: crypto.ScryptOptions,
) => Promise<Buffer>;

const KEY_LENGTH = 64;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

/**
 * scrypt (memory-hard). The cost is stored in each hash, so raising PASSWORD_HASH_COST later
 * still verifies old hashes. Default log2(N) = 17 (128 MiB), OWASP's minimum for scrypt.
 */
export async function hashPassword(password: string, logN = passwordCost()): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** logN;
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, {
    N,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: maxMem(N),
  });
  return ['scrypt', logN, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !expected) return false;
  const N = 2 ** Number(logN);
  const want = Buffer.from(expected, 'base64');
  const got = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), want.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: maxMem(N, Number(r)),
  });
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

/** A hash of nothing, verified when the e-mail is unknown so that timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}

function passwordCost(): number {
  const raw = process.env.PASSWORD_HASH_COST;
  const n = raw ? Number(raw) : 17;
  return Number.isInteger(n) && n >= 10 && n <= 20 ? n : 17;
}

const maxMem = (N: number, r = BLOCK_SIZE): number => 128 * N * r * 2;
