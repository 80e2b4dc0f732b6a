// Independent verifier for skillcert credentials, run offline with Digital Bazaar's libraries.
//
//   node verify.mjs <credential.json> <did.json> [<status-list-credential.json> ...]
//
// Checks the eddsa-rdfc-2022 proof with @digitalbazaar/vc; every JSON-LD context
// comes from the files shipped in src/skillcert/credentials/contexts and the DID
// document is the one passed in: nothing is fetched. When status list credentials
// are given, each one is verified the same way and the credential's bit is read
// (a set bit fails the check). Prints one JSON line; exit 0 = verified, 1 = not.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const here = dirname(fileURLToPath(import.meta.url));
const contextDir = join(here, '..', '..', '..', 'src', 'skillcert', 'credentials', 'contexts');
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const SHIPPED = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  [MULTIKEY_V1]: 'multikey-v1.jsonld',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
};

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

function staticLoader(didDocument) {
  const documents = new Map();
  for(const [url, file] of Object.entries(SHIPPED)) {
    documents.set(url, readJson(join(contextDir, file)));
  }
  documents.set(didDocument.id, didDocument);
  for(const method of didDocument.verificationMethod || []) {
    // a verification method is dereferenced on its own, as a Multikey document
    documents.set(method.id, {'@context': MULTIKEY_V1, ...method});
  }
  return async url => {
    if(!documents.has(url)) {
      throw new Error(`document ${url} is not available offline`);
    }
    return {contextUrl: null, documentUrl: url, document: structuredClone(documents.get(url))};
  };
}

function bitAt(encodedList, index) {
  if(typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new Error('encodedList is not base64url multibase');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if(index < 0 || index >= bits.length * 8) {
    throw new Error(`status index ${index} is outside the list`);
  }
  return (bits[index >> 3] & (0x80 >> (index % 8))) !== 0;
}

function makeStatusChecker(lists, verifyList) {
  return async ({credential}) => {
    const entries = [].concat(credential.credentialStatus || []);
    const results = [];
    for(const entry of entries) {
      const list = lists.get(entry.statusListCredential);
      if(!list) {
        return {verified: false, error: `status list ${entry.statusListCredential} was not given`, results};
      }
      const listResult = await verifyList(list);
      if(!listResult.verified) {
        return {verified: false, error: 'status list credential does not verify', results};
      }
      const subject = list.credentialSubject;
      if(subject.statusPurpose !== entry.statusPurpose) {
        return {verified: false, error: 'status purpose mismatch', results};
      }
      const set = bitAt(subject.encodedList, Number.parseInt(entry.statusListIndex, 10));
      results.push({purpose: entry.statusPurpose, set});
      if(set) {
        return {verified: false, error: `credential status is ${entry.statusPurpose}`, results};
      }
    }
    return {verified: true, results};
  };
}

async function main(argv) {
  if(argv.length < 2) {
    console.error('usage: node verify.mjs <credential.json> <did.json> [<status-list.json> ...]');
    return 2;
  }
  const [credentialPath, didPath, ...listPaths] = argv;
  const credential = readJson(credentialPath);
  const documentLoader = staticLoader(readJson(didPath));
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const lists = new Map(listPaths.map(path => readJson(path)).map(list => [list.id, list]));
  const verifyList = list => vc.verifyCredential({credential: list, suite, documentLoader});
  // Without status lists the status is not checked here (reported as such), only the proof.
  const checkStatus = listPaths.length ?
    makeStatusChecker(lists, verifyList) :
    async () => ({verified: true, unchecked: true});
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [].concat(result.error || [])
    .flatMap(error => error.errors || [error])
    .map(error => String(error.message || error));
  console.log(JSON.stringify({verified: result.verified, status: result.statusResult || null, errors}));
  return result.verified ? 0 : 1;
}

main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
}, error => {
  console.log(JSON.stringify({verified: false, errors: [String(error && error.message || error)]}));
  process.exitCode = 1;
});
