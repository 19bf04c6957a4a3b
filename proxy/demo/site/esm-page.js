import { mount } from '/esm/gleantap-capture.js';

mount(document.getElementById('signup'), {
  form: 'trial',
  endpoint: `${document.documentElement.dataset.proxy}/`,
  on: {
    success: ({ id }) => {
      document.getElementById('log').textContent = `Signed up: ${id}`;
    },
  },
});
