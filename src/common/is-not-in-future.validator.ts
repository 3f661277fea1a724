import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A moment that has already happened, give or take `toleranceMs` for clocks that run apart.
 * Only judges parseable dates; the format is another rule's job.
 */
export function IsNotInFuture(toleranceMs: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotInFuture',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !(Date.parse(value) > Date.now() + toleranceMs),
        defaultMessage: (args) => `${args?.property} must not be in the future`,
      },
    });
}
