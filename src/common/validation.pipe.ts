import { ValidationError, ValidationPipe } from '@nestjs/common';
import { LifelineError } from './lifeline.error.js';

/** Rejects unknown fields and bad values with one clear 400 that names every problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new LifelineError('bad_request', `Invalid request: ${fields.map((f) => f.problems.join(', ')).join('; ')}`, { fields });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
