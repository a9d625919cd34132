import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

type Schema = SchemaObject | ReferenceObject | undefined;

const WRITES = ['post', 'put', 'patch'] as const;

/**
 * Marks every object schema a request body uses, nested ones included, with
 * `additionalProperties: false`: the validation pipe refuses unknown fields, and
 * @nestjs/swagger has no way to say so for a class.
 */
export function closeRequestBodySchemas(document: OpenAPIObject): void {
  const named = document.components?.schemas ?? {};
  const closed = new Set<string>();
  const close = (schema: Schema): void => {
    if (!schema) return;
    if ('$ref' in schema) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (!closed.has(name)) close(named[name]);
      closed.add(name);
      return;
    }
    if (schema.properties) schema.additionalProperties = false;
    close(schema.items);
    Object.values(schema.properties ?? {}).forEach(close);
  };
  for (const path of Object.values(document.paths)) {
    for (const body of WRITES.map((method) => path[method]?.requestBody)) {
      if (body && 'content' in body) Object.values(body.content).forEach((m) => close(m.schema));
    }
  }
}
