// The generated JSON Schema against protocol-model's golden fixtures (every JSON example of the
// seed documents): each validates; each with a required field removed, or of the wrong JSON type,
// does not. Also: the generated run-time constants and the schema say the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { MESSAGE_TYPES, CLOSE_CODES, DIALECTS, decode } from '../src/pushwire.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOLDEN = path.resolve(ROOT, '../protocol-model/src/test/resources/golden');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/pushwire-protocol.schema.json'), 'utf8'));
// Strict about the schema itself (unknown keywords, bad formats), not about its if/then style.
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
ajv.addKeyword('x-pushwire');
ajv.addKeyword('x-pushwire-open');
const validate = ajv.compile(schema);

const fixtures = readdirSync(GOLDEN).flatMap((seed) => readdirSync(path.join(GOLDEN, seed))
  .filter((f) => f.endsWith('.json')).map((f) => ({ name: `${seed}/${f}`, json: JSON.parse(readFileSync(path.join(GOLDEN, seed, f), 'utf8')) })));

/** Where a frame's body is, by the decoder's rules. */
function bodyOf(frame) {
  if ('data' in frame) return frame.data;
  if ('payload' in frame) return frame.payload;
  if (frame.type === 'error' && typeof frame.error === 'object') return frame.error;
  return frame;
}

test('there are golden fixtures of every seed', () => {
  assert.ok(fixtures.length >= 40, `${fixtures.length} fixtures`);
  assert.deepEqual([...new Set(fixtures.map((f) => f.name.slice(0, 3)))].sort(), ['000', '001', '002', '003', '004']);
});

for (const { name, json } of fixtures) {
  test(`golden ${name} is valid`, () => {
    assert.ok(validate(json), JSON.stringify(validate.errors, null, 1));
    const frame = decode(JSON.stringify(json));
    if (MESSAGE_TYPES[json.type].server) assert.equal(frame.problem, undefined, frame.problem);
  });

  const required = MESSAGE_TYPES[json.type].required.filter((f) => f in bodyOf(json));
  for (const field of required) {
    test(`golden ${name} without its required "${field}" is invalid`, () => {
      const broken = structuredClone(json);
      delete bodyOf(broken)[field];
      assert.equal(validate(broken), false);
    });
    test(`golden ${name} with "${field}" of the wrong JSON type is invalid`, () => {
      const broken = structuredClone(json);
      const body = bodyOf(broken);
      body[field] = typeof body[field] === 'string' ? 12 : 'not the right type';
      assert.equal(validate(broken), false);
    });
  }
}

test('closed sets refuse other values; open sets are listed as written', () => {
  const jobs = fixtures.find((f) => f.name === '000/sub-download-jobs.json').json;
  const wrong = structuredClone(jobs);
  wrong.jobs.status = 'waiting'; // the seed spells it "waitting"
  assert.equal(validate(wrong), false);
  assert.equal(schema.$defs.JobStatus['x-pushwire-open'], false);
  assert.equal(schema.$defs.TaskState['x-pushwire-open'], true);
});

test('an unknown type is no Pushwire frame', () => {
  assert.equal(validate({ type: 'nope' }), false);
  assert.equal(validate({ id: 'no type' }), false);
});

test('the run-time constants and the schema come from the same model', () => {
  assert.deepEqual(schema.properties.type.enum, Object.keys(MESSAGE_TYPES));
  for (const [type, facts] of Object.entries(schema['x-pushwire'].messageTypes)) {
    assert.equal(MESSAGE_TYPES[type].envelope, facts.envelope, type);
    assert.equal(MESSAGE_TYPES[type].server, facts.server, type);
  }
  assert.deepEqual(schema['x-pushwire'].closeCodes.map((c) => c.code), Object.keys(CLOSE_CODES).map(Number));
  assert.deepEqual(Object.keys(schema['x-pushwire'].dialects), Object.keys(DIALECTS));
});
