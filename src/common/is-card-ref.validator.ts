import { registerDecorator, ValidationOptions } from 'class-validator';
import { containsCardNumber } from './card-number.js';

const CARD_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A core-banking customer ref (and a breach reference): letters, digits, `_ . -`. */
export const CUSTOMER_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const CUSTOMER_REF_MESSAGE = 'must be a core-banking customer ref (letters, digits, _ . -)';

/** A card number anywhere in the value, in any form (`card_4111…`, `4111.1111…`): the one rule of card-number.ts. */
export const isCardNumber = containsCardNumber;

/** The rule of `@IsCardRef`, for checks that run without class-validator (a breach's 100,000 cards). */
export const isCardRef = (value: unknown): value is string => typeof value === 'string' && CARD_REF.test(value) && !isCardNumber(value);

/** A core-banking card ref. A full card number is refused outright, and never echoed back. */
export function IsCardRef(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCardRef',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: isCardRef,
        defaultMessage: (args) =>
          typeof args?.value === 'string' && isCardNumber(args.value)
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
        validate: (value: unknown) => typeof value !== 'string' || !isCardNumber(value),
        defaultMessage: (args) => `${args?.property} looks like a full card number, which is never accepted`,
      },
    });
}
