/**
 * A small XML property list reader and writer: enough for Info.plist and
 * _CodeSignature/CodeResources. Writes the layout Apple's CFPropertyList writes (tabs, sorted
 * dictionary keys, base64 <data> on its own line); reads dict, array, string, data, integer,
 * real (as PlistReal), true/false and date (as a string). Binary plists (bplist00) are refused.
 */

/** A <real> number (weights in CodeResources rules); plain JS numbers are written as <integer>. */
export class PlistReal {
  constructor(readonly value: number) {}
}

export type PlistValue = string | number | boolean | Buffer | PlistReal | PlistValue[] | PlistDict;
/** A <dict>: reading a key it lacks gives undefined. */
export interface PlistDict {
  [key: string]: PlistValue | undefined;
}

export class PlistError extends Error {
  override name = 'PlistError';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function isDict(v: PlistValue | undefined): v is PlistDict {
  return typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v) && !(v instanceof PlistReal);
}

function writeValue(v: PlistValue, indent: string, out: string[]): void {
  if (typeof v === 'string') out.push(`${indent}<string>${escape(v)}</string>`);
  else if (typeof v === 'boolean') out.push(`${indent}<${v}/>`);
  else if (typeof v === 'number') out.push(`${indent}<integer>${Math.trunc(v)}</integer>`);
  else if (v instanceof PlistReal) out.push(`${indent}<real>${v.value}</real>`);
  else if (Buffer.isBuffer(v)) out.push(`${indent}<data>`, `${indent}${v.toString('base64')}`, `${indent}</data>`);
  else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push(`${indent}<array/>`);
    out.push(`${indent}<array>`);
    for (const e of v) writeValue(e, `${indent}\t`, out);
    out.push(`${indent}</array>`);
  } else {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    if (keys.length === 0) return void out.push(`${indent}<dict/>`);
    out.push(`${indent}<dict>`);
    for (const k of keys) {
      out.push(`${indent}\t<key>${escape(k)}</key>`);
      writeValue(v[k]!, `${indent}\t`, out);
    }
    out.push(`${indent}</dict>`);
  }
}

/** Serialises a value as an XML plist document (UTF-8, trailing newline). */
export function writePlist(root: PlistValue): Buffer {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
  ];
  writeValue(root, '', out);
  out.push('</plist>', '');
  return Buffer.from(out.join('\n'), 'utf8');
}

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

interface Tok {
  /** Tag name ('dict', '/dict', 'true/' ...) or '#text'. */
  tag: string;
  text: string;
}

function tokenize(xml: string): Tok[] {
  const toks: Tok[] = [];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2]) toks.push({ tag: `${m[1]}${m[2]}${m[4]}`, text: '' });
    else if (!m[0].startsWith('<')) toks.push({ tag: '#text', text: m[0] }); // the text alternative; comments, <?…?> and DOCTYPE are dropped
  }
  return toks;
}

/** Parses an XML plist document. */
export function parsePlist(bytes: Buffer): PlistValue {
  if (bytes.subarray(0, 8).toString('latin1') === 'bplist00')
    throw new PlistError('binary property lists are not supported; give an XML plist (plutil -convert xml1)');
  const toks = tokenize(bytes.toString('utf8'));
  let i = 0;
  /** The token at `j`, or undefined past the end. */
  const tok = (j: number): Tok | undefined => toks[j];
  const skipText = () => {
    while (i < toks.length && toks[i].tag === '#text' && toks[i].text.trim() === '') i++;
  };
  const textUntil = (close: string): string => {
    let s = '';
    while (i < toks.length && toks[i].tag === '#text') s += toks[i++].text;
    if (tok(i)?.tag !== close) throw new PlistError(`expected <${close}>`);
    i++;
    return unescape(s);
  };
  const value = (): PlistValue => {
    skipText();
    const t = tok(i++);
    if (!t) throw new PlistError('unexpected end of plist');
    switch (t.tag) {
      case 'string':
        return textUntil('/string');
      case 'string/':
        return '';
      case 'date':
        return textUntil('/date');
      case 'integer':
        return Number(textUntil('/integer').trim());
      case 'real':
        return new PlistReal(Number(textUntil('/real').trim()));
      case 'true/':
        return true;
      case 'false/':
        return false;
      case 'data':
        return Buffer.from(textUntil('/data').replace(/\s+/g, ''), 'base64');
      case 'data/':
        return Buffer.alloc(0);
      case 'array/':
        return [];
      case 'dict/':
        return {};
      case 'array': {
        const arr: PlistValue[] = [];
        for (;;) {
          skipText();
          if (tok(i)?.tag === '/array') return (i++, arr);
          arr.push(value());
        }
      }
      case 'dict': {
        const d: PlistDict = {};
        for (;;) {
          skipText();
          const k = tok(i++);
          if (k?.tag === '/dict') return d;
          if (k?.tag !== 'key') throw new PlistError(`expected <key> in <dict>, got <${k?.tag ?? 'end'}>`);
          const key = textUntil('/key');
          d[key] = value();
        }
      }
      default:
        throw new PlistError(`unexpected <${t.tag}>`);
    }
  };
  skipText();
  if (tok(i)?.tag !== 'plist') throw new PlistError('not an XML plist (no <plist> element)');
  i++;
  const root = value();
  return root;
}

/** parsePlist, requiring a top-level <dict>. */
export function parsePlistDict(bytes: Buffer, what: string): PlistDict {
  let v: PlistValue;
  try {
    v = parsePlist(bytes);
  } catch (err) {
    throw new PlistError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isDict(v)) throw new PlistError(`${what}: the top-level element is not a <dict>`);
  return v;
}

export { isDict as isPlistDict };
