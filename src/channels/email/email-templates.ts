import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Next to the compiled file: `nest build` copies the folder (nest-cli.json assets). */
const TEMPLATES_DIR = join(__dirname, 'templates');

/** Markup already rendered from a template: put into another HTML template as it is. */
export class SafeHtml {
  constructor(readonly html: string) {}
}

export type TemplateValues = Readonly<Record<string, string | number | SafeHtml>>;

const PLACEHOLDER = /\{\{\s*([\w-]+)\s*\}\}/g;
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * The e-mail templates (`templates/<name>/<file>`), read once. `{{name}}` is replaced by a value:
 * as it is in text, escaped in HTML unless it is `SafeHtml` (another template's output). A
 * placeholder without a value is a bug in the template or its caller, and throws.
 */
export class EmailTemplates {
  private readonly files = new Map<string, string>();

  constructor(dir = TEMPLATES_DIR) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      this.files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  text(path: string, values: TemplateValues): string {
    return this.fill(path, values, (value) =>
      value instanceof SafeHtml ? value.html : String(value),
    );
  }

  html(path: string, values: TemplateValues): SafeHtml {
    const rendered = this.fill(path, values, (value) =>
      value instanceof SafeHtml ? value.html : escapeHtml(String(value)),
    );
    return new SafeHtml(rendered);
  }

  private fill(
    path: string,
    values: TemplateValues,
    show: (value: string | number | SafeHtml) => string,
  ): string {
    const template = this.files.get(path);
    if (template === undefined) throw new Error(`there is no e-mail template ${path}`);
    return template.replace(PLACEHOLDER, (_, name: string) => {
      if (!(name in values)) throw new Error(`e-mail template ${path} needs a value for ${name}`);
      return show(values[name]);
    });
  }
}
