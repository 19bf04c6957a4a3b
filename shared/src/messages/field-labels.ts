import type { StandardFieldName } from '../fields/catalogue.ts';

/** Built-in labels of the standard fields, per built-in locale; owners may override any. */
export const FIELD_LABELS: Readonly<Record<'en' | 'es', Readonly<Record<StandardFieldName, string>>>> = {
  en: {
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
    phone: 'Phone',
    address: 'Address',
    city: 'City',
    state: 'State',
    zip: 'ZIP code',
    dob: 'Date of birth',
    gender: 'Gender',
  },
  es: {
    first_name: 'Nombre',
    last_name: 'Apellido',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    address: 'Dirección',
    city: 'Ciudad',
    state: 'Estado',
    zip: 'Código postal',
    dob: 'Fecha de nacimiento',
    gender: 'Género',
  },
};
