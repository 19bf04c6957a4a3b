import type { Messages } from './messages.ts';

/** El catálogo de mensajes en español. */
export const es: Messages = {
  required: 'Completa este campo.',
  too_long: 'Es demasiado largo.',
  invalid_type: 'Escribe texto aquí.',
  invalid_value: 'Contiene caracteres que no podemos aceptar.',
  invalid_email: 'Escribe un correo electrónico válido, como nombre@ejemplo.com.',
  invalid_phone: 'Escribe un número de teléfono válido.',
  invalid_date: 'Escribe una fecha real (AAAA-MM-DD).',
  invalid_option: 'Elige una de las opciones.',
  unknown_field: 'Este campo no forma parte del formulario.',
  required_marker: '(obligatorio)',
  submit: 'Registrarme',
  sending: 'Enviando…',
  success: '¡Gracias! Nos pondremos en contacto contigo.',
  error_summary_one: 'Hay 1 problema en el formulario.',
  error_summary_other: 'Hay {count} problemas en el formulario.',
  network_error: 'No pudimos enviar tus datos. Revisa tu conexión e inténtalo de nuevo.',
  retry: 'Reintentar',
  rate_limited: 'Demasiados intentos. Inténtalo de nuevo en {seconds} s.',
  origin_not_allowed: 'Este formulario no se puede enviar desde esta página ahora. Contáctanos por otro medio.',
  unavailable: 'No pudimos guardar tus datos ahora. Inténtalo de nuevo.',
  generic_error: 'Algo salió mal. Inténtalo de nuevo.',
  close: 'Cerrar',
  consent_required: 'Marca esta casilla para continuar.',
};
