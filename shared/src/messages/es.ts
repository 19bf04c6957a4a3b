import type { Messages } from './messages.ts';
import { PAGE_TEXTS } from './page-texts.ts';

/** El catálogo de mensajes en español. */
export const es: Messages = {
  ...PAGE_TEXTS.es,
  required: 'Completa este campo.',
  too_long: 'Es demasiado largo.',
  invalid_type: 'Escribe texto aquí.',
  invalid_value: 'Contiene caracteres que no podemos aceptar.',
  invalid_number: 'Introduce un número dentro del rango permitido.',
  invalid_email: 'Escribe un correo electrónico válido, como nombre@ejemplo.com.',
  invalid_phone: 'Escribe un número de teléfono válido.',
  invalid_date: 'Escribe una fecha real (AAAA-MM-DD).',
  invalid_option: 'Elige una de las opciones.',
  unknown_field: 'Este campo no forma parte del formulario.',
  required_marker: '(obligatorio)',
  sending: 'Enviando…',
  success: '¡Gracias! Nos pondremos en contacto contigo.',
  error_summary_one: 'Hay 1 problema en el formulario.',
  error_summary_other: 'Hay {count} problemas en el formulario.',
  network_error: 'No pudimos enviar tus datos. Revisa tu conexión e inténtalo de nuevo.',
  retry: 'Reintentar',
  rate_limited: 'Demasiados intentos. Inténtalo de nuevo en {seconds} s.',
  unavailable: 'Lo sentimos, el sitio tuvo un problema al guardar tus datos. Inténtalo de nuevo.',
  generic_error: 'Algo salió mal. Inténtalo de nuevo.',
  consent_required: 'Marca esta casilla para continuar.',
};
