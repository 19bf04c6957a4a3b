// The queue stub: calls made before widget.js has loaded are kept and run once it has.
window.GleantapCapture = window.GleantapCapture || { q: [] };
GleantapCapture.q.push([
  'on',
  'success',
  (detail) => {
    document.getElementById('log').textContent = `Signed up (submission ${detail.id}, ${detail.status}).`;
  },
]);
document.getElementById('join').addEventListener('click', () => GleantapCapture.open({ form: 'trial', title: 'Join Riverside Gym' }));
const script = document.createElement('script');
script.src = `${document.documentElement.dataset.proxy}/widget.js`;
script.async = true;
document.head.append(script);
