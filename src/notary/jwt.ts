/**
 * The App Store Connect API token: a JWT signed ES256 with the .p8 key (Apple's "Generating
 * Tokens for API Requests"): header {alg: ES256, kid: <key ID>, typ: JWT}, payload {iss: <issuer
 * ID>, iat, exp (at most 20 minutes later), aud: "appstoreconnect-v1"}.
 *
 * No library: node:crypto signs ES256, and `dsaEncoding: 'ieee-p1363'` gives the raw r||s
 * (64 bytes) JWS wants instead of DER; the rest is two base64url JSON objects. A JWT package
 * (jose: ~50 KB in a bundle) would add a dependency for these dozen lines.
 */
import { sign } from 'node:crypto';
import type { NotaryCredentials } from './inputs.js';

export const JWT_AUDIENCE = 'appstoreconnect-v1';
/** Apple refuses tokens that live longer than 20 minutes. */
export const MAX_LIFETIME_S = 20 * 60;

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** A token valid from `nowS` (seconds since the epoch) for `lifetimeS` seconds (capped at 20 minutes). */
export function notaryToken(c: NotaryCredentials, nowS: number, lifetimeS = 15 * 60): string {
  const iat = Math.floor(nowS);
  const header = { alg: 'ES256', kid: c.keyId, typ: 'JWT' };
  const payload = { iss: c.issuer, iat, exp: iat + Math.min(Math.max(1, Math.floor(lifetimeS)), MAX_LIFETIME_S), aud: JWT_AUDIENCE };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: c.key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${b64url(signature)}`;
}

/**
 * Hands out a token, making a new one when the current one has less than a minute left (a poll
 * can run 30 minutes; a token lives at most 20). `onNew` is told each new token (to mask it).
 */
export class TokenSource {
  private token = '';
  private expires = 0;
  constructor(
    private readonly creds: NotaryCredentials,
    private readonly now: () => number,
    private readonly onNew: (token: string) => void,
    private readonly lifetimeS = 15 * 60,
  ) {}

  get(): string {
    const nowS = this.now() / 1000;
    if (this.token === '' || nowS > this.expires - 60) {
      this.token = notaryToken(this.creds, nowS, this.lifetimeS);
      this.expires = Math.floor(nowS) + Math.min(this.lifetimeS, MAX_LIFETIME_S);
      this.onNew(this.token);
    }
    return this.token;
  }
}
