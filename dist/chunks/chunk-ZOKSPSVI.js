import {
  isLoopbackHost
} from "./chunk-3FOH5IKW.js";
import {
  UserError,
  inputError
} from "./chunk-6ZRI6CPZ.js";

// src/notary/inputs.ts
import { createPrivateKey } from "node:crypto";
var KEY_INPUT = "notary-key";
var KEY_ID_INPUT = "notary-key-id";
var ISSUER_INPUT = "notary-issuer";
var HIDDEN = "***";
var PEM_HEAD = /^-----BEGIN PRIVATE KEY-----/;
function keyPem(raw) {
  const text = raw.trim().replace(/\r\n?/g, "\n");
  if (PEM_HEAD.test(text)) return text;
  const b64 = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return void 0;
  const decoded = Buffer.from(b64, "base64").toString("utf8").trim().replace(/\r\n?/g, "\n");
  return PEM_HEAD.test(decoded) ? decoded : void 0;
}
function notarySecretForms(raw) {
  const forms = /* @__PURE__ */ new Set();
  const v = raw.trim();
  if (v === "") return [];
  forms.add(v);
  forms.add(v.replace(/\s+/g, ""));
  const pem = keyPem(raw);
  for (const text of [v, pem ?? ""]) for (const line of text.split("\n")) if (line.trim().length >= 8 && !line.startsWith("-----")) forms.add(line.trim());
  if (pem) forms.add(pem);
  return [...forms];
}
function parseNotaryInputs(i) {
  const key = i.key.trim();
  const keyId = i.keyId.trim();
  const issuer = i.issuer.trim();
  if (key === "" && keyId === "" && issuer === "") return void 0;
  const given = `${[key && KEY_INPUT, keyId && KEY_ID_INPUT, issuer && ISSUER_INPUT].filter(Boolean).join(", ")} set`;
  if (key === "") throw new UserError(`input "${KEY_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (keyId === "")
    throw new UserError(`input "${KEY_ID_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (issuer === "")
    throw new UserError(`input "${ISSUER_INPUT}" is empty while ${given}; notarization needs all three (the .p8 key, its key ID and the issuer ID)`);
  if (!/^[A-Z0-9]{10}$/.test(keyId))
    throw inputError(
      KEY_ID_INPUT,
      HIDDEN,
      `is not an App Store Connect key ID (${keyId.length} characters)`,
      "give the 10-character key ID shown beside the key, e.g. 2X9R4HXF34"
    );
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(issuer))
    throw inputError(
      ISSUER_INPUT,
      HIDDEN,
      "is not an issuer ID (a UUID)",
      "give the Issuer ID from App Store Connect > Users and Access > Integrations, e.g. 57246542-96fe-1a63-e053-0824d011072a"
    );
  const pem = keyPem(key);
  const accepted = "give the AuthKey_<key id>.p8 file as it is (-----BEGIN PRIVATE KEY-----) or base64 of it";
  if (!pem) throw inputError(KEY_INPUT, HIDDEN, "is neither PEM text nor base64 of PEM text", accepted);
  let keyObject;
  try {
    keyObject = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw inputError(KEY_INPUT, HIDDEN, "is PEM but not a readable PKCS#8 private key", accepted);
  }
  if (keyObject.asymmetricKeyType !== "ec" || keyObject.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw inputError(KEY_INPUT, HIDDEN, `is a ${keyObject.asymmetricKeyType ?? "non-asymmetric"} key, not the EC P-256 key App Store Connect issues`, accepted);
  return { key: keyObject, keyId, issuer };
}
var APPLE_ENDPOINTS = {
  api: "https://appstoreconnect.apple.com/notary/v2",
  storage: "https://{bucket}.s3.us-west-2.amazonaws.com",
  region: "us-west-2",
  tickets: "https://api.apple-cloudkit.com/database/1/com.apple.gk.ticket-delivery/production/public/records/lookup"
};
function checkServiceUrl(raw, what) {
  let u;
  try {
    u = new URL(raw.replace("{bucket}", "bucket"));
  } catch {
    throw new UserError(`${what}: ${JSON.stringify(raw)} is not a URL; give an https URL`);
  }
  if (u.username || u.password) throw new UserError(`${what}: the URL carries user:password; give it without credentials`);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && isLoopbackHost(u.hostname)))
    throw new UserError(`${what}: ${u.protocol.replace(/:$/, "")} is refused for ${u.host}; give an https URL (http only for a loopback address)`);
  if (u.search || u.hash) throw new UserError(`${what}: the URL has a query or fragment; give the base URL`);
  return raw.replace(/\/+$/, "");
}
function checkEndpoints(e) {
  if (!e.storage.includes("{bucket}"))
    throw new UserError("notary storage: the URL template has no {bucket}; give e.g. https://{bucket}.s3.us-west-2.amazonaws.com");
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(e.region)) throw new UserError(`notary storage: ${JSON.stringify(e.region)} is not an AWS region name`);
  return {
    api: checkServiceUrl(e.api, "notary API"),
    storage: checkServiceUrl(e.storage, "notary storage"),
    region: e.region,
    tickets: checkServiceUrl(e.tickets, "notary tickets")
  };
}
function bucketProblem(bucket) {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return "is not an S3 bucket name (3-63 of a-z 0-9 . -)";
  if (bucket.includes("..") || bucket.includes(".-") || bucket.includes("-.")) return "is not an S3 bucket name (empty label)";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "is an IP address, not an S3 bucket name";
  return void 0;
}
function objectKeyProblem(key) {
  if (key === "" || Buffer.byteLength(key) > 1024) return "is empty or longer than 1024 bytes";
  if (/[\x00-\x1f\x7f]/.test(key)) return "has control characters";
  if (key.startsWith("/") || key.split("/").some((s) => s === "." || s === "..")) return "has a leading / or a . or .. segment";
  return void 0;
}
function storageBase(template, bucket) {
  const problem = bucketProblem(bucket);
  if (problem)
    throw new UserError(`the notary service named the storage bucket ${JSON.stringify(bucket.slice(0, 80))}, which ${problem}; refusing to upload there`);
  const u = new URL(template.replace("{bucket}", bucket));
  const expected = new URL(template.replace("{bucket}", "b"));
  if (u.origin !== expected.origin && u.host !== expected.host.replace(/^b\./, `${bucket}.`))
    throw new UserError(`the storage bucket ${JSON.stringify(bucket)} would send the upload to ${u.host}; refusing`);
  return u;
}

export {
  KEY_INPUT,
  KEY_ID_INPUT,
  ISSUER_INPUT,
  notarySecretForms,
  parseNotaryInputs,
  APPLE_ENDPOINTS,
  checkServiceUrl,
  checkEndpoints,
  objectKeyProblem,
  storageBase
};
