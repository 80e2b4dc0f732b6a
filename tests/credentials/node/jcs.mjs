// RFC 8785 (JCS) digests computed independently of skillcert, with the npm package canonicalize.
//
//   node jcs.mjs <file.json> [<file.json> ...]
//
// For each file: parse the JSON, write its JCS form with canonicalize, and hash those UTF-8 bytes
// with SHA-256. Prints one JSON line: [{"file", "jcs", "sha256", "file_sha256"}, ...], where
// file_sha256 is the SHA-256 of the file's own bytes (equal to sha256 when the file is already JCS).
import {readFileSync} from 'node:fs';
import {createHash} from 'node:crypto';

import canonicalize from 'canonicalize';

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');

const results = process.argv.slice(2).map(file => {
  const raw = readFileSync(file);
  const jcs = canonicalize(JSON.parse(raw.toString('utf8')));
  return {file, jcs, sha256: sha256(Buffer.from(jcs, 'utf8')), file_sha256: sha256(raw)};
});
console.log(JSON.stringify(results));
