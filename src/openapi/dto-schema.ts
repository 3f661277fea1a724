import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger';

type Constructor = abstract new (...args: never[]) => unknown;

interface Rule {
  name?: string;
  type: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

/** The nested DTO of a property (`@Type(() => CardDto)`), read from class-transformer's metadata. */
export type NestedTypeOf = (target: Constructor, property: string) => Constructor | undefined;

/**
 * A DTO's JSON schema, read from its class-validator rules: the rules that validate a request are the
 * ones the document shows, so the two cannot drift apart. Nested DTOs become schemas of their own.
 */
export function dtoSchemas(dto: Constructor, nestedTypeOf: NestedTypeOf, into: Record<string, SchemaObject> = {}): Record<string, SchemaObject> {
  if (into[dto.name]) return into;
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto as never, '', true, false) as unknown as Rule[];
  const properties: Record<string, SchemaObject> = {};
  const optional = new Set<string>();
  into[dto.name] = { type: 'object', properties, additionalProperties: false };
  for (const rule of rules) {
    if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION || rule.type === ValidationTypes.IS_DEFINED) {
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) optional.add(rule.propertyName);
      properties[rule.propertyName] ??= {};
      continue;
    }
    const property = (properties[rule.propertyName] ??= {});
    if (rule.type === ValidationTypes.NESTED_VALIDATION) {
      const nested = nestedTypeOf(dto, rule.propertyName);
      if (!nested) continue;
      dtoSchemas(nested, nestedTypeOf, into);
      const ref = { $ref: `#/components/schemas/${nested.name}` };
      if (rule.each) Object.assign(property, { type: 'array', items: ref });
      else Object.assign(property, ref);
      continue;
    }
    describe(property, rule);
  }
  const required = Object.keys(properties).filter((p) => !optional.has(p));
  if (required.length > 0) into[dto.name].required = required;
  return into;
}

/** What one rule says about its property, in JSON-schema words. */
function describe(property: SchemaObject, rule: Rule): void {
  const [first] = rule.constraints ?? [];
  switch (rule.name) {
    case 'isString':
      property.type ??= 'string';
      return;
    case 'matches':
      property.type ??= 'string';
      property.pattern = (first instanceof RegExp ? first.source : String(first));
      return;
    case 'isIn':
      property.type ??= 'string';
      property.enum = [...(first as unknown[])];
      return;
    case 'isInt':
      property.type = 'integer';
      return;
    case 'isNumber':
      property.type = 'number';
      return;
    case 'min':
      property.minimum = first as number;
      return;
    case 'max':
      property.maximum = first as number;
      return;
    case 'isBoolean':
      property.type = 'boolean';
      return;
    case 'isObject':
      property.type = 'object';
      return;
    case 'isArray':
      property.type = 'array';
      property.items ??= {};
      return;
    case 'arrayMinSize':
      property.minItems = first as number;
      return;
    case 'arrayMaxSize':
      property.maxItems = first as number;
      return;
    case 'maxLength':
      property.type ??= 'string';
      property.maxLength = first as number;
      return;
    case 'minLength':
      property.type ??= 'string';
      property.minLength = first as number;
      return;
    case 'isIso8601':
      property.type = 'string';
      property.format = 'date-time';
      return;
    case 'isUuid':
      property.type = 'string';
      property.format = 'uuid';
      return;
    default:
      // The project's own rules (a card ref, never a card number; not in the future) narrow a string.
      property.type ??= 'string';
      property.description = [property.description, ruleWords(rule.name)].filter(Boolean).join('; ');
  }
}

function ruleWords(name: string | undefined): string {
  switch (name) {
    case 'isCardRef':
      return 'a card ref from core banking, never a card number';
    case 'isNotCardNumber':
      return 'never a card number';
    case 'isNotInFuture':
      return 'not later than now';
    default:
      return name ?? '';
  }
}
