// Polls the demo server, which reads the sandbox's contacts; built with DOM calls, never innerHTML.
const list = document.getElementById('contacts');
const FIRST = ['first_name', 'last_name', 'email', 'phone', 'app_id', 'source', 'tags', 'tag_action', 'type', 'status', 'location'];

function card(contact) {
  const section = document.createElement('section');
  section.className = 'card';
  const title = document.createElement('h2');
  title.textContent = `${contact.first_name ?? ''} ${contact.last_name ?? ''}`;
  const details = document.createElement('dl');
  const keys = [
    ...FIRST.filter((key) => key in contact),
    ...Object.keys(contact)
      .filter((key) => !FIRST.includes(key))
      .sort(),
  ];
  for (const key of keys) {
    const term = document.createElement('dt');
    term.textContent = key;
    const value = document.createElement('dd');
    value.textContent = String(contact[key]);
    details.append(term, value);
  }
  section.append(title, details);
  return section;
}

let shown = '';
async function refresh() {
  try {
    const text = await (await fetch('/contacts.json', { cache: 'no-store' })).text();
    if (text === shown) return;
    shown = text;
    const contacts = JSON.parse(text).slice().reverse();
    if (contacts.length === 0) {
      const empty = document.createElement('p');
      empty.textContent = 'No contacts yet: sign up on one of the pages.';
      list.replaceChildren(empty);
    } else {
      list.replaceChildren(...contacts.map(card));
    }
  } catch {
    /* the demo is stopping */
  }
}
refresh();
setInterval(refresh, 1000);
