/**
 * Built-in lipo: create, inspect, thin and verify universal (fat) Mach-O files with the same
 * layout Apple's lipo writes, on any host.
 */
export { readMachO, parseMachO, bufferSource, info, identify, parseThinHeader, parseFatHeader } from './read.js';
export type { ByteSource, MachOFile, Slice, ThinHeader, FatArch } from './read.js';
export { layoutFat, compareSlices, writeFat } from './fat-writer.js';
export type { FatLayout, PlacedSlice } from './fat-writer.js';
export { sliceAlignment, guessAlign, alignUp } from './align.js';
export { thin, findSlice } from './thin.js';
export { verifyUniversal, verifyArch, checkLayout } from './verify.js';
export type { VerifyReport, SliceReport } from './verify.js';
export { parseEmbeddedSignature, parseCodeDirectory, verifySliceSignature, bufferReader } from './codesign.js';
export type { CodeDirectory, EmbeddedSignature, SignatureReport } from './codesign.js';
export { archName, findArchByName, sameArch, ARCH_FLAGS } from './headers.js';
export { runLipo, parseLipoArgs } from './lipo-cli.js';
export type { LipoIO, LipoArgs } from './lipo-cli.js';
export { createUniversal } from './create.js';
export type { FatInfo } from './create.js';

export { signMachOFile, signThin, buildSuperBlob, buildCodeDirectory, cdhash } from './adhoc-sign.js';
export type { SignOptions, SignedFile } from './adhoc-sign.js';
export { sealBundle, readBundleInfo } from './bundle-sign.js';
export type { SealedBundle, SealOptions } from './bundle-sign.js';
export { verifyBundle, verifyCode, formatBundleReport } from './bundle-verify.js';
export type { BundleReport, CodeCheck } from './bundle-verify.js';
