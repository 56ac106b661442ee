// node-forge's sub-modules (lib/*.js, CommonJS): each registers itself on the shared forge
// object that lib/forge.js exports. @types/node-forge describes only the package root.
declare module 'node-forge/lib/forge.js' {
  const forge: unknown;
  export default forge;
}
declare module 'node-forge/lib/asn1.js';
declare module 'node-forge/lib/pkcs12.js';
declare module 'node-forge/lib/pki.js';
