import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { LifelineError } from './lifeline.error.js';

/** Deeper than any request of ours needs; class-transformer recurses per level, so a hostile nesting would overflow the stack. */
const MAX_NESTING = 32;

/** Rejects unknown fields and bad values with one clear 400 that names every problem. */
export function createValidationPipe(): ValidationPipe {
  return new NestingLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new LifelineError('bad_request', `Invalid request: ${fields.map((f) => f.problems.join(', ')).join('; ')}`, { fields });
    },
  });
}

class NestingLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_NESTING)) throw new LifelineError('bad_request', `Invalid request: the ${metadata.type} is nested more than ${MAX_NESTING} levels deep`);
    return super.transform(value, metadata);
  }
}

/** Walks with its own stack, so measuring a hostile value cannot overflow either. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(current)) pending.push([inner, depth + 1]);
  }
  return false;
}

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
