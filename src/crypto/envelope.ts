/**
 * AES-256-GCM envelope for BYOK provider keys. The master key is base64 of 32 bytes from the
 * PROVIDER_KEY_ENCRYPTION_KEY secret; every ciphertext binds `${accountId}:${provider}` as
 * additional data, so one copied to another account's or provider's row does not decrypt.
 */
export type Sealed = { ciphertext: string; iv: string };

export type OpenResult = { ok: true; plaintext: string } | { ok: false; reason: "bad_master_key" | "undecryptable" };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The row identity bound to a ciphertext. */
export function additionalData(accountId: string, provider: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(`${accountId}:${provider}`));
}

/** Imports the master key; null when the secret is missing or not 32 bytes of base64. */
export async function importMasterKey(secret: string | undefined): Promise<CryptoKey | null> {
  if (!secret) return null;
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(secret.trim());
  } catch {
    return null;
  }
  if (raw.length !== 32) return null;
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

/** Encrypts with a fresh 96-bit IV. */
export async function seal(master: CryptoKey, plaintext: string, aad: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad },
    master,
    encoder.encode(plaintext),
  );
  return { ciphertext: toBase64(new Uint8Array(sealed)), iv: toBase64(iv) };
}

/** Decrypts and authenticates; any tampering, wrong row or wrong master key is `undecryptable`. */
export async function open(master: CryptoKey, sealed: Sealed, aad: Uint8Array<ArrayBuffer>): Promise<OpenResult> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(sealed.iv), additionalData: aad },
      master,
      fromBase64(sealed.ciphertext),
    );
    return { ok: true, plaintext: decoder.decode(plain) };
  } catch {
    return { ok: false, reason: "undecryptable" };
  }
}
