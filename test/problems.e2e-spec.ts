import request from 'supertest';
import { PROBLEM_CATALOGUE } from '../src/problems';
import { authHeaders } from './support/auth';
import { createTestDatabase, TestDatabase } from './support/databases';
import { codesAnsweredBySource } from './support/problem-codes';
import { startTestApp, TestApp } from './support/test-app';

const UNKNOWN_ORDER = '6f1c0a7e-4a8b-4c51-9a34-1f7a3e2b9c10';

/** Problem `type` URIs resolve to GET /problems, which explains every code the API can send. */
describe('Problem types', () => {
  let database: TestDatabase;
  let herald: TestApp;
  const http = () => request(herald.url);

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    herald = await startTestApp({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await herald.close();
    await database.drop();
  });

  const followType = async (type: string) => {
    const url = new URL(type, herald.url);
    const page = await fetch(url);
    return { url, status: page.status, html: await page.text() };
  };

  it('lists every code the source can answer with, with the status and title it is sent with', () => {
    const listed = new Map(PROBLEM_CATALOGUE.map((entry) => [entry.code, entry]));
    for (const { code, status, title, file } of codesAnsweredBySource()) {
      const entry = listed.get(code);
      expect({ code, file, listed: entry !== undefined }).toEqual({ code, file, listed: true });
      expect({ code, title: entry!.title }).toEqual({ code, title });
      if (status !== undefined) expect({ code, status: entry!.status }).toEqual({ code, status });
    }
  });

  it('lists no code the source never answers with, and each code once', () => {
    const answered = new Set(codesAnsweredBySource().map((c) => c.code));
    const codes = PROBLEM_CATALOGUE.map((entry) => entry.code);
    expect(codes.filter((code) => !answered.has(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('serves GET /problems with an anchor for every code, without a token', async () => {
    const res = await http().get('/problems').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const { code } of codesAnsweredBySource()) expect(res.text).toContain(`id="${code}"`);
  });

  it.each([
    ['an unknown order', '/orders/' + UNKNOWN_ORDER, 'ORDER.NOT_FOUND'],
    ['a missing token', '/orders', 'AUTH.TOKEN_MISSING'],
    ['an unknown route', '/nowhere', 'HTTP.NOT_FOUND'],
    ['an undecodable path', '/orders/%E0', 'HTTP.BAD_REQUEST'],
  ])('gives %s a type that resolves to its entry', async (_case, path, code) => {
    const headers = code === 'AUTH.TOKEN_MISSING' ? {} : await authHeaders('customer-1');
    const problem = (await http().get(path).set(headers)).body;
    expect(problem).toMatchObject({ code, type: `${herald.url}/problems#${code}` });

    const followed = await followType(problem.type);
    expect(followed.status).toBe(200);
    expect(followed.html).toContain(`<tr id="${followed.url.hash.slice(1)}">`);
  });

  it('leaves the type relative when the Host header names no host', async () => {
    const res = await http().get('/nowhere').set('Host', 'example.com/evil').expect(404);
    expect(res.body.type).toBe('/problems#HTTP.NOT_FOUND');
  });
});

describe('Problem types with PUBLIC_URL', () => {
  it('are absolute at the configured URL, path prefix included', async () => {
    const database = await createTestDatabase('sqlite');
    const herald = await startTestApp({
      databaseUrl: database.url,
      env: { PUBLIC_URL: 'https://herald.example/tracking/' },
    });
    try {
      const res = await request(herald.url).get('/nowhere').expect(404);
      expect(res.body.type).toBe('https://herald.example/tracking/problems#HTTP.NOT_FOUND');
    } finally {
      await herald.close();
      await database.drop();
    }
  });
});
