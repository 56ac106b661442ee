/**
 * SigV4 against AWS's published values: the signature test suite (AKIDEXAMPLE, 2015-08-30,
 * us-east-1, service "service": get-vanilla, get-vanilla-query-order-key-case, post-vanilla,
 * post-x-www-form-urlencoded, post-sts-header-before with its session token) and the S3
 * examples of "Authenticating Requests: Using the Authorization Header" (examplebucket,
 * 2013-05-24: GET Object with a Range, PUT Object with a key that needs encoding).
 */
import { EMPTY_SHA256, sha256Hex, signV4, s3Path, uriEncode, type SignInput } from '../../src/notary/sigv4.js';

const SUITE = {
  region: 'us-east-1',
  service: 'service',
  date: new Date('2015-08-30T12:36:00Z'),
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  host: 'example.amazonaws.com',
  pathEncoding: 'double' as const,
};
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

const suite = (o: Partial<SignInput> & { method: string }) => signV4({ ...SUITE, path: '/', payloadHash: EMPTY_SHA256, ...o });
const authz = (signed: string, sig: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signed}, Signature=${sig}`;

describe('the SigV4 test suite', () => {
  test('get-vanilla', () => {
    const s = suite({ method: 'GET' });
    expect(s.headers.authorization).toBe(authz('host;x-amz-date', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'));
    expect(s.headers['x-amz-date']).toBe('20150830T123600Z');
  });
  test('get-vanilla-query-order-key-case: parameters sorted by name', () => {
    const s = suite({
      method: 'GET',
      query: [
        ['Param2', 'value2'],
        ['Param1', 'value1'],
      ],
    });
    expect(s.signature).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });
  test('post-vanilla', () => {
    expect(suite({ method: 'POST' }).signature).toBe('5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
  });
  test('post-x-www-form-urlencoded: content-type signed, the body hashed', () => {
    const s = suite({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, payloadHash: sha256Hex('Param1=value1') });
    expect(s.headers.authorization).toBe(authz('content-type;host;x-amz-date', 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a'));
  });
  test('post-sts-header-before: the session token is sent and signed', () => {
    const s = suite({ method: 'POST', credentials: { ...SUITE.credentials, sessionToken: STS_TOKEN } });
    expect(s.headers['x-amz-security-token']).toBe(STS_TOKEN);
    expect(s.headers.authorization).toBe(authz('host;x-amz-date;x-amz-security-token', '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead'));
    expect(s.stringToSign.split('\n')[3]).toBe('c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6');
  });
});

describe('the S3 examples', () => {
  const S3 = {
    region: 'us-east-1',
    service: 's3',
    date: new Date('2013-05-24T00:00:00Z'),
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    host: 'examplebucket.s3.amazonaws.com',
    contentSha256Header: true,
  };
  test('GET Object with a Range', () => {
    const s = signV4({ ...S3, method: 'GET', path: '/test.txt', headers: { Range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256 });
    expect(s.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(s.signedHeaders).toBe('host;range;x-amz-content-sha256;x-amz-date');
  });
  test('PUT Object: the key test$file.text is encoded once ($ -> %24)', () => {
    const body = Buffer.from('Welcome to Amazon S3.');
    const s = signV4({
      ...S3,
      method: 'PUT',
      path: s3Path('', 'test$file.text'),
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      payloadHash: sha256Hex(body),
    });
    expect(s3Path('', 'test$file.text')).toBe('/test%24file.text');
    expect(sha256Hex(s.canonicalRequest)).toBe('9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d');
    expect(s.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
    expect(s.headers['x-amz-content-sha256']).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
  });
  test('keys are encoded byte by byte, slashes kept', () => {
    expect(uriEncode('a b/ü~*', true)).toBe('a%20b/%C3%BC~%2A');
    expect(s3Path('/bucket', 'prod/a b')).toBe('/bucket/prod/a%20b');
  });
});
