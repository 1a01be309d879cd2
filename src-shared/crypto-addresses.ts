import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 as keccak256 } from '@noble/hashes/sha3.js';

// Receiving addresses for crypto payments, checked the way wallets check them, so that a typo is
// caught before a buyer sends money to an address nobody owns. Mainnet only: an owner is paid in
// real coins. Pure code (no node:), so the renderer's editor runs the same checks inline.

export const CRYPTO_COINS = ['BTC', 'ETH', 'USDC'] as const;
export type CryptoCoin = (typeof CRYPTO_COINS)[number];

export const COIN_NETWORKS: Record<CryptoCoin, string> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum',
  USDC: 'Ethereum (ERC-20)',
};

/** null when the address is valid for the coin, else why not (for "crypto.BTC.address: …"). */
export function cryptoAddressProblem(coin: CryptoCoin, address: string): string | null {
  return coin === 'BTC' ? bitcoinAddressProblem(address) : ethereumAddressProblem(address);
}

/** The form an address is stored in: bech32 in lower case (QR codes use upper); others as given. */
export function normalizeCryptoAddress(coin: CryptoCoin, address: string): string {
  const a = address.trim();
  return coin === 'BTC' && /^bc1/i.test(a) ? a.toLowerCase() : a;
}

// ---- Bitcoin ---------------------------------------------------------------------------------

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

export function bitcoinAddressProblem(address: string): string | null {
  const a = address.trim();
  if (a === '') return 'is required';
  if (/^(tb1|bcrt1|[mn2])/i.test(a) && !/^bc1/i.test(a)) return 'is a testnet address; use a mainnet address (bc1…, 1… or 3…)';
  if (/^bc1/i.test(a)) return segwitProblem(a);
  if (a.startsWith('1') || a.startsWith('3')) return base58Problem(a);
  return 'must be a Bitcoin address: bc1… (SegWit), 1… (legacy) or 3… (P2SH)';
}

/** Legacy (1…) and P2SH (3…) addresses: Base58Check of a version byte and a 20-byte hash. */
function base58Problem(a: string): string | null {
  if (a.length < 26 || a.length > 35) return `must be 26 to 35 characters long for a 1…/3… address (got ${a.length})`;
  const bad = [...a].find((c) => !BASE58.includes(c));
  if (bad) return `contains "${bad}", which is not a Base58 character (0, O, I and l never appear)`;
  const bytes = base58Decode(a);
  if (bytes.length !== 25) return 'does not decode to a 25-byte Bitcoin address';
  const version = bytes[0];
  if ((a[0] === '1' && version !== 0x00) || (a[0] === '3' && version !== 0x05)) return 'has the wrong version byte for a mainnet address';
  const checksum = sha256(sha256(bytes.subarray(0, 21))).subarray(0, 4);
  if (!checksum.every((b, i) => b === bytes[21 + i])) return 'has a wrong checksum: check it for a typo';
  return null;
}

function base58Decode(s: string): Uint8Array {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(BASE58.indexOf(c));
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n % 256n));
    n /= 256n;
  }
  const zeros = /^1*/.exec(s)![0].length;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

/** SegWit addresses: bech32 for witness version 0 (BIP 173), bech32m for 1 and up (BIP 350). */
function segwitProblem(a: string): string | null {
  if (a !== a.toLowerCase() && a !== a.toUpperCase()) return 'mixes upper and lower case, which a bech32 address never does';
  const s = a.toLowerCase();
  if (s.length < 14 || s.length > 74) return `must be 14 to 74 characters long for a bc1… address (got ${s.length})`;
  const sep = s.lastIndexOf('1');
  const hrp = s.slice(0, sep);
  if (hrp !== 'bc') return 'must start with bc1';
  const data: number[] = [];
  for (const c of s.slice(sep + 1)) {
    const v = BECH32.indexOf(c);
    if (v < 0) return `contains "${c}", which is not a bech32 character (1, b, i and o never appear after bc1)`;
    data.push(v);
  }
  const version = data[0]!;
  const check = polymod([...hrpExpand(hrp), ...data]);
  const expected = version === 0 ? BECH32_CONST : BECH32M_CONST;
  if (check !== expected) return 'has a wrong checksum: check it for a typo';
  if (version > 16) return 'has an unknown witness version';
  const program = convertBits(data.slice(1, -6), 5, 8);
  if (!program || program.length < 2 || program.length > 40) return 'has an invalid witness program';
  if (version === 0 && program.length !== 20 && program.length !== 32) return 'has an invalid length for a version 0 (bc1q…) address';
  return null;
}

function polymod(values: number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]!) >>> 0;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}

/** Regroups bits (5-bit bech32 groups into bytes); null when the padding is not zero. */
function convertBits(data: number[], from: number, to: number): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
  }
  if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) return null;
  return out;
}

// ---- Ethereum and ERC-20 tokens (USDC) -------------------------------------------------------

export function ethereumAddressProblem(address: string): string | null {
  const a = address.trim();
  if (a === '') return 'is required';
  if (!/^0x/.test(a)) return 'must start with 0x';
  const hex = a.slice(2);
  if (hex.length !== 40) return `must be 0x followed by 40 hex digits (got ${hex.length})`;
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return 'must be 0x followed by 40 hex digits (0-9, a-f)';
  // All one case carries no checksum; mixed case is an EIP-55 checksum and must be right.
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return null;
  return toChecksumAddress(a) === a ? null : 'has a wrong EIP-55 checksum (the mix of upper and lower case): check it for a typo';
}

/** EIP-55: a hex letter is upper case when the matching nibble of keccak-256(lower-case hex) is 8 or more. */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < hex.length; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out;
}
