import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { ConfigFileSchema, type ConfigFile } from '../domain/config-schema.ts';
import { CONFIG_FILE_NAME, resolveConfig } from '../load/load-config.ts';
import { UsageError } from '../common/usage-error.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';

/** Written beside the configuration, so editors check and complete it offline; `$schema` points here. */
export const CONFIG_SCHEMA_FILE_NAME = 'baocao.config.schema.json';

export interface InitOptions extends CommonOptions {
  /** Replace an existing baocao.config.json. */
  force?: boolean;
}

/**
 * `baocao init [--force]`: writes `baocao.config.json` in the working folder with every key set to its
 * default (so a clerk sees what can be changed), and its JSON Schema `baocao.config.schema.json`.
 * An existing configuration is never replaced without `--force` (exit 2).
 */
export async function runInit(opts: InitOptions, ctx: CommandContext): Promise<number> {
  const configFile = path.join(ctx.cwd, CONFIG_FILE_NAME);
  const schemaFile = path.join(ctx.cwd, CONFIG_SCHEMA_FILE_NAME);
  const existed = existsSync(configFile);
  if (existed && !opts.force) {
    throw new UsageError(
      'CONFIG_EXISTS',
      `Tệp cấu hình ${configFile} đã có; không ghi đè để khỏi mất các giá trị đã sửa. ` +
        'Muốn thay bằng tệp mặc định, chạy "baocao init --force" (tệp cũ sẽ bị thay thế, hãy sao lưu trước nếu cần).',
    );
  }
  try {
    writeFileAtomic(schemaFile, configJsonSchemaText());
    writeFileAtomic(configFile, serializeJson(defaultConfigFile(`./${CONFIG_SCHEMA_FILE_NAME}`)));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError('OUTPUT_NOT_WRITABLE', `Không ghi được tệp cấu hình vào thư mục ${ctx.cwd}: ${reason}`, { cause: error });
  }
  if (ctx.json) {
    ctx.io.out(serializeJson({ schema: 'baocao.init/1', config: configFile, jsonSchema: schemaFile, replaced: existed }));
  } else if (!ctx.quiet) {
    ctx.io.out(
      `${existed ? 'Đã ghi đè' : 'Đã ghi'} ${CONFIG_FILE_NAME}: mọi khóa cấu hình với giá trị mặc định (quận Ba Đình, năm 2021), ` +
        `kèm ${CONFIG_SCHEMA_FILE_NAME} để trình soạn thảo gợi ý và kiểm tra.\n` +
        'Sửa các giá trị cần thiết (xem README, mục Cấu hình); đường dẫn tương đối tính từ thư mục chứa tệp cấu hình.\n',
    );
  }
  return EXIT.ok;
}

/**
 * The configuration file with every key at its default, in the schema's key order. The values come
 * from resolveConfig (with DEFAULT_AUDIENCES), never restated here, so the file cannot drift from the
 * defaults. `units`, `plan` and `criteria` are left out: their default is the registry, plan and criteria embedded in the tool,
 * which no path can name.
 */
export function defaultConfigFile(schemaRef: string): ConfigFile {
  const base = path.resolve('/baocao-defaults');
  const c = resolveConfig({}, null, base);
  const rel = (p: string) => path.relative(base, p).split(path.sep).join('/');
  // Required<…> makes a key added to the schema a compile error here until it is given its default.
  const values: Required<Omit<ConfigFile, 'units' | 'plan' | 'criteria'>> = {
    $schema: schemaRef,
    inbox: rel(c.inbox),
    output: rel(c.output),
    window: c.window,
    deadlineDays: c.deadlineDays,
    reportDateDays: c.reportDateDays,
    place: c.place,
    limits: { maxUnpackedMb: c.maxUnpackedMb, maxListRows: c.maxListRows },
    lockWaitSeconds: c.lockWaitSeconds,
    // Number and date of the plan are unknown until the clerk types them (the report prints dots meanwhile).
    planReference: { issuer: c.planReference.issuer },
    district: c.audiences.district,
    city: c.audiences.city,
  };
  // Parsing validates the defaults and puts the keys in the schema's order.
  return ConfigFileSchema.parse(values);
}

/** The JSON Schema of baocao.config.json, as written by init and kept in templates/config.schema.json. */
export function configJsonSchemaText(): string {
  return serializeJson(z.toJSONSchema(ConfigFileSchema));
}
