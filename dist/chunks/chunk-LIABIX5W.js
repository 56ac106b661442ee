import {
  forge,
  fromDer,
  toDer
} from "./chunk-YYSTWTUX.js";
import {
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/macho/p12.ts
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
var CERT_INPUT = "macos-certificate";
var PASSWORD_INPUT = "macos-certificate-password";
var HIDDEN = "***";
var OID_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
function subjectField(cert, field) {
  for (const line of cert.subject.split("\n")) if (line.startsWith(`${field}=`)) return line.slice(field.length + 1);
  return void 0;
}
function leafProblem(cert, now) {
  const eku = cert.keyUsage;
  if (!eku?.includes(OID_CODE_SIGNING)) return "is a certificate without the Code Signing extended key usage (1.3.6.1.5.5.7.3.3)";
  const ou = subjectField(cert, "OU");
  if (ou === void 0 || !/^[A-Z0-9]{10}$/.test(ou))
    return `is a certificate whose subject has no Team ID (OU of ten capital letters and digits; found ${ou === void 0 ? "no OU" : JSON.stringify(ou)})`;
  if (new Date(cert.validTo).getTime() < now.getTime()) return `is a certificate that expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
  if (new Date(cert.validFrom).getTime() > now.getTime()) return `is a certificate not valid before ${new Date(cert.validFrom).toISOString().slice(0, 10)}`;
  return void 0;
}
var ACCEPT = 'export the "Developer ID Application" certificate with its private key as .p12 and give it base64-encoded (base64 -w0 cert.p12)';
function loadIdentity(certificate, password, now = /* @__PURE__ */ new Date()) {
  const b64 = certificate.replace(/\s+/g, "");
  if (b64 === "") throw inputError(CERT_INPUT, "", "is empty", ACCEPT);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw inputError(CERT_INPUT, HIDDEN, `is not base64 (${b64.length} characters)`, ACCEPT);
  let asn;
  try {
    asn = fromDer(Buffer.from(b64, "base64"));
  } catch {
    throw inputError(CERT_INPUT, HIDDEN, "is base64 but not DER (not a PKCS#12 file)", ACCEPT);
  }
  let p12;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : "";
    if (/MAC could not be verified|Invalid password/i.test(msg))
      throw inputError(
        PASSWORD_INPUT,
        HIDDEN,
        `does not open ${CERT_INPUT} (the PKCS#12 integrity check failed)`,
        "give the password the .p12 was exported with"
      );
    if (/OID is not RSA|not RSA|Unknown OID|Unsupported/i.test(msg))
      throw inputError(CERT_INPUT, HIDDEN, "holds a key or encryption this signer does not read (RSA keys, PBES2/AES or 3DES .p12 files are read)", ACCEPT);
    throw inputError(CERT_INPUT, HIDDEN, "is not a PKCS#12 file this signer can open", ACCEPT);
  }
  const keyBags = [
    ...p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [],
    ...p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []
  ];
  const keyBag = keyBags.find((b) => b.key);
  if (!keyBag?.key && keyBags.length > 0)
    throw inputError(CERT_INPUT, HIDDEN, "holds a private key that is not RSA (Apple issues Developer ID certificates for RSA keys)", ACCEPT);
  if (!keyBag?.key) throw inputError(CERT_INPUT, HIDDEN, "holds no private key", ACCEPT);
  const pkcs8 = toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)));
  const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  pkcs8.fill(0);
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).filter((b) => b.cert).map((b) => new X509Certificate(toDer(forge.pki.certificateToAsn1(b.cert))));
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  const leaf = certs.find((c) => c.publicKey.export({ format: "der", type: "spki" }).equals(spki));
  if (!leaf) throw inputError(CERT_INPUT, HIDDEN, "holds no certificate for its private key", ACCEPT);
  const problem = leafProblem(leaf, now);
  if (problem)
    throw inputError(
      CERT_INPUT,
      HIDDEN,
      problem,
      'give a valid "Developer ID Application" certificate (Apple issues it with the Code Signing usage and your Team ID as OU)'
    );
  return {
    key,
    leaf,
    chain: certs.filter((c) => c !== leaf),
    teamId: subjectField(leaf, "OU"),
    commonName: subjectField(leaf, "CN") ?? ""
  };
}

export {
  CERT_INPUT,
  PASSWORD_INPUT,
  subjectField,
  leafProblem,
  loadIdentity
};
