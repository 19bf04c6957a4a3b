// A single-page app adding a mount point after the widget has loaded.
document.getElementById('add').addEventListener('click', () => {
  const element = document.createElement('div');
  element.className = 'card';
  element.dataset.gleantapForm = 'trial';
  element.textContent = 'Loading…';
  document.getElementById('later').append(element);
});
