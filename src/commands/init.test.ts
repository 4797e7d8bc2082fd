import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from './context.ts';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { ConfigFileSchema } from '../domain/config-schema.ts';
import { CONFIG_FILE_NAME, loadConfig } from '../load/load-config.ts';
import { UsageError } from '../common/usage-error.ts';
import { configJsonSchemaText, CONFIG_SCHEMA_FILE_NAME, runInit } from './init.ts';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'baocao-init-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function context(json = false) {
  const io = memoryIo();
  const ctx: CommandContext = { io, config: loadConfig({ cwd }), today: '2021-03-16', now: '2021-03-16T03:30:00.000Z', json, quiet: false, cwd };
  return { io, ctx };
}
const written = () => JSON.parse(readFileSync(path.join(cwd, CONFIG_FILE_NAME), 'utf8')) as Record<string, unknown>;

describe('baocao init', () => {
  it('writes a configuration that loads back to exactly the defaults (same hash, same folders)', async () => {
    const defaults = loadConfig({ cwd });
    const { io, ctx } = context();
    expect(await runInit({}, ctx)).toBe(0);
    const loaded = loadConfig({ cwd });
    expect(loaded.source).toBe(path.join(cwd, CONFIG_FILE_NAME));
    expect({ ...loaded, source: null }).toEqual(defaults);
    expect(io.stdout).toContain(`Đã ghi ${CONFIG_FILE_NAME}`);
  });

  it('fills every key of the schema except units, plan and criteria (whose default is the embedded registry, plan and criteria)', async () => {
    await runInit({}, context().ctx);
    const file = written();
    const shape = ConfigFileSchema.shape;
    expect(Object.keys(file)).toEqual(Object.keys(shape).filter((k) => k !== 'units' && k !== 'plan' && k !== 'criteria'));
    expect(Object.keys(file.limits as object)).toEqual(['maxUnpackedMb', 'maxListRows']);
    for (const audience of ['district', 'city']) {
      expect(Object.keys(file[audience] as object)).toEqual(['issuerParent', 'issuer', 'numberPattern', 'recipient', 'signer', 'copiesTo', 'speaker', 'proposals']);
    }
    expect(file).toMatchObject({ $schema: `./${CONFIG_SCHEMA_FILE_NAME}`, inbox: 'inbox', output: 'out', window: 'decree-09', lockWaitSeconds: 10 });
    expect(readFileSync(path.join(cwd, CONFIG_SCHEMA_FILE_NAME), 'utf8')).toBe(configJsonSchemaText());
  });

  it('never replaces an existing configuration without --force', async () => {
    writeFileSync(path.join(cwd, CONFIG_FILE_NAME), '{ "place": "Hoàn Kiếm" }\n');
    const error: unknown = await runInit({}, context().ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('CONFIG_EXISTS');
    expect((error as UsageError).message).toContain('baocao init --force');
    expect(readFileSync(path.join(cwd, CONFIG_FILE_NAME), 'utf8')).toBe('{ "place": "Hoàn Kiếm" }\n');
    expect(existsSync(path.join(cwd, CONFIG_SCHEMA_FILE_NAME))).toBe(false);

    const { io, ctx } = context(true);
    expect(await runInit({ force: true }, ctx)).toBe(0);
    expect(written().place).toBe('Ba Đình');
    expect(JSON.parse(io.stdout)).toEqual({
      schema: 'baocao.init/1',
      config: path.join(cwd, CONFIG_FILE_NAME),
      jsonSchema: path.join(cwd, CONFIG_SCHEMA_FILE_NAME),
      replaced: true,
    });
  });

  it('exits 0, then 2 with a Vietnamese message when run again from the command line', async () => {
    expect(await runCli(['init', '--quiet'], { io: memoryIo(), cwd })).toBe(0);
    const io = memoryIo();
    expect(await runCli(['init'], { io, cwd })).toBe(2);
    expect(io.stderr).toContain('đã có; không ghi đè');
  });
});

describe('the JSON Schema of baocao.config.json', () => {
  it('is up to date in templates/config.schema.json (regenerate with vitest -u)', async () => {
    expect(configJsonSchemaText()).toBe(`${JSON.stringify(z.toJSONSchema(ConfigFileSchema), null, 2)}\n`);
    await expect(configJsonSchemaText()).toMatchFileSnapshot('../../templates/config.schema.json');
  });
});
