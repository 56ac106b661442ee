/**
 * Apple's binary requirement format (src/macho/requirements.ts), checked against a requirement
 * compiled by Apple's csreq that a public project embeds (JSTColorPicker's helper, "Developer ID"
 * variant, 196 bytes): anchor apple generic and identifier "com.jst.JSTColorPicker" and
 * (certificate leaf[field.1.2.840.113635.100.6.1.9] or certificate 1[field.1.2.840.113635.100.6.2.6]
 * and certificate leaf[field.1.2.840.113635.100.6.1.13] and certificate leaf[subject.OU] = GXZ23M5TP2).
 */
import { and, developerIdRequirement, oidBytes, requirementBlob, requirementSet, requirementText, type Expr } from '../../src/macho/requirements.js';

const CSREQ_DEVELOPER_ID = Buffer.from(
  'fade0c00000000c40000000100000006000000060000000f0000000200000016636f6d2e6a73742e4a5354436f6c6f725069636b657200000000' +
    '00070000000e000000000000000a2a864886f7636406010900000000000000000006000000060000000e000000010000000a2a864886f7636406' +
    '02060000000000000000000e000000000000000a2a864886f7636406010d0000000000000000000b000000000000000a7375626a6563742e4f55' +
    '0000000000010000000a47585a32334d355450320000',
  'hex',
);

test('the encoder reproduces a csreq-compiled Developer ID requirement byte for byte', () => {
  const e: Expr = and(
    { op: 'appleGenericAnchor' },
    { op: 'ident', id: 'com.jst.JSTColorPicker' },
    {
      op: 'or',
      left: { op: 'certGeneric', slot: 0, oid: '1.2.840.113635.100.6.1.9' },
      right: and(
        { op: 'certGeneric', slot: 1, oid: '1.2.840.113635.100.6.2.6' },
        { op: 'certGeneric', slot: 0, oid: '1.2.840.113635.100.6.1.13' },
        { op: 'certField', slot: 0, field: 'subject.OU', equals: 'GXZ23M5TP2' },
      ),
    },
  );
  expect(CSREQ_DEVELOPER_ID.length).toBe(196);
  expect(requirementBlob(e).toString('hex')).toBe(CSREQ_DEVELOPER_ID.toString('hex'));
});

test("codesign's Developer ID designated requirement: blob layout, set header, text", () => {
  const dr = developerIdRequirement('com.example.app', 'AB12CD34EF');
  expect(requirementText(dr)).toBe(
    'identifier "com.example.app" and anchor apple generic and certificate 1[field.1.2.840.113635.100.6.2.6] /* exists */ and ' +
      'certificate leaf[field.1.2.840.113635.100.6.1.13] /* exists */ and certificate leaf[subject.OU] = AB12CD34EF',
  );
  const set = requirementSet(dr);
  expect(set.subarray(0, 20).toString('hex')).toBe(`fade0c01${set.length.toString(16).padStart(8, '0')}000000010000000300000014`);
  const blob = requirementBlob(dr);
  expect(set.subarray(20).equals(blob)).toBe(true);
  // and(and(and(and(ident, anchor), cert 1), leaf), OU): four opAnd first, then opIdent.
  expect(blob.subarray(12, 36).toString('hex')).toBe('00000006000000060000000600000006000000020000000f');
  expect(blob.length % 4).toBe(0);
});

test('OID content bytes', () => {
  expect(oidBytes('1.2.840.113635.100.6.2.6').toString('hex')).toBe('2a864886f763640602' + '06');
  expect(oidBytes('2.16.840.1.101.3.4.2.1').toString('hex')).toBe('608648016503040201');
  expect(() => oidBytes('1.x')).toThrow(/not a dotted OID/);
});
