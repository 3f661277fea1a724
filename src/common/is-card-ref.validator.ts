import { registerDecorator, ValidationOptions } from 'class-validator';
import { looksLikeCardNumber } from './card-number.js';

const CARD_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A core-banking card ref. A full card number is refused outright, and never echoed back. */
export function IsCardRef(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCardRef',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && CARD_REF.test(value) && !looksLikeCardNumber(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && looksLikeCardNumber(args.value)
            ? `${args.property} looks like a full card number: send the core-banking card ref, never the card number`
            : `${args?.property} must be a core-banking card ref (letters, digits, _ -)`,
      },
    });
}

/** Any other ref (a customer ref, say): a card number typed into the wrong box is still refused and never echoed. */
export function IsNotCardNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotCardNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !looksLikeCardNumber(value),
        defaultMessage: (args) => `${args?.property} looks like a full card number, which is never accepted`,
      },
    });
}
