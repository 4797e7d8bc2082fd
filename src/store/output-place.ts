import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';

/**
 * Where the tool may write (issue 13): never into the folder it reads forms from. Reports, blank forms, the
 * outreach list or annotated copies written inside the inbox would be read as forms by the next run.
 * Paths are compared after following links (of the part that exists), so `inbox/../inbox/out` or a link into the
 * inbox is caught too.
 */

/** Throws a UsageError (exit 2) when `target` is one of `inputs` (folders; a file stands for its folder) or inside one. */
export function refuseOutputInside(target: string, inputs: readonly string[], o: { what: string; option: string }): void {
  const out = realish(path.resolve(target));
  for (const input of inputs) {
    const abs = realish(path.resolve(input));
    const folder = existsSync(abs) && !statSync(abs).isDirectory() ? path.dirname(abs) : abs;
    if (out === folder || out.startsWith(folder + path.sep)) {
      throw new UsageError(
        'OUTPUT_INSIDE_INPUT',
        `${o.what} (${target}) nằm trong thư mục nhận báo cáo (${folder}): lần chạy sau sẽ đọc nhầm các tệp này như báo cáo của đơn vị. Chọn thư mục khác cho ${o.option}, ví dụ một thư mục bên cạnh thư mục nhận báo cáo.`,
      );
    }
  }
}

/** The real path of `p`: links resolved in the part that exists, the rest (not created yet) appended as it is. */
export function realish(p: string): string {
  const rest: string[] = [];
  let head = p;
  while (!existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) return p;
    rest.unshift(path.basename(head));
    head = parent;
  }
  return path.join(realpathSync(head), ...rest);
}
