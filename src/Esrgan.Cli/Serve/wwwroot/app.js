'use strict';
// The page of esrgan serve: everything goes through the JSON API under /api (see the README).
const $ = (id) => document.getElementById(id);
const accepted = /\.(png|jpe?g|webp|mp4|mkv|webm|mov)$/i;
let models = [];
let interpSource = null;

function say(text) { $('message').textContent = text || ''; }

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) {
    let text = response.statusText;
    try { text = (await response.json()).error || text; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${text}`);
  }
  return response;
}

async function loadModels(select) {
  models = await (await api('/api/models')).json();
  for (const [id, filter] of [['model', () => true], ['model-a', (m) => m.architecture], ['model-b', (m) => m.architecture]]) {
    const el = $(id);
    const previous = el.value;
    el.replaceChildren(...models.filter(filter).map((m) => new Option(
      `${m.name}${m.architecture ? ` (${m.architecture.replace(/\(.*/, '')} x${m.scale})` : ''}`, m.id)));
    if (previous) el.value = previous;
  }
  if (select) $('model').value = select;
  const a = models.find((m) => m.id === $('model-a').value);
  const partner = a && models.find((m) => m.id !== a.id && m.architecture === a.architecture);
  if (partner && $('model-b').value === a.id) $('model-b').value = partner.id;
  updateInterpolation();
}

function sameArchitecturePairExists() {
  const seen = new Map();
  for (const m of models.filter((m) => m.architecture)) seen.set(m.architecture, (seen.get(m.architecture) || 0) + 1);
  return [...seen.values()].some((n) => n > 1);
}

function updateInterpolation() {
  $('interpolation').hidden = !(sameArchitecturePairExists() && interpSource);
}

function formatEta(seconds) {
  if (seconds == null || !isFinite(seconds)) return '';
  const s = Math.round(seconds);
  return `ETA ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

async function submit(files) {
  files = files.filter((f) => accepted.test(f.name));
  if (files.length === 0) { say('no images or videos among the dropped files'); return; }
  say('');
  const form = new FormData();
  form.append('model', $('model').value);
  if ($('outscale').value) form.append('outscale', $('outscale').value);
  form.append('tile', $('tile').value || '0');
  form.append('tta', $('tta').checked ? 'true' : 'false');
  form.append('alpha', $('alpha').value);
  for (const f of files) form.append('files', f, f.webkitRelativePath || f.name);
  let job;
  try {
    job = await (await api('/api/jobs', { method: 'POST', body: form })).json();
  } catch (e) { say(e.message); return; }
  follow(job.id, files);
}

function follow(id, files) {
  const view = $('job-template').content.firstElementChild.cloneNode(true);
  view.querySelector('.job-title').textContent = `${files.length} file${files.length > 1 ? 's' : ''}`;
  view.querySelector('.cancel').onclick = () => api(`/api/jobs/${id}`, { method: 'DELETE' }).catch((e) => say(e.message));
  $('queue').prepend(view);
  const shown = new Set();
  const events = new EventSource(`/api/jobs/${id}/events`);
  events.addEventListener('status', (e) => {
    const job = JSON.parse(e.data);
    renderJob(view, job);
    for (const item of job.items) {
      if (item.state === 'done' && !shown.has(item.index)) {
        shown.add(item.index);
        showResult(job.id, item, files[item.index]);
      }
    }
    if (['done', 'cancelled', 'finished with errors'].includes(job.state)) {
      events.close();
      view.querySelector('.cancel').hidden = true;
    }
  });
  events.onerror = () => { if (events.readyState === EventSource.CLOSED) say('lost the connection to the server'); };
}

function renderJob(view, job) {
  view.querySelector('.job-state').textContent = `${job.state} ${Math.round(job.progress * 100)}%`;
  view.querySelector('.job-eta').textContent = job.state === 'running' ? formatEta(job.etaSeconds) : '';
  const zip = view.querySelector('.zip');
  zip.hidden = !job.items.some((i) => i.state === 'done');
  zip.href = `/api/jobs/${job.id}/results.zip`;
  const list = view.querySelector('.items');
  list.replaceChildren(...job.items.map((item) => {
    const li = document.createElement('li');
    li.className = `item ${item.state}`;
    const name = document.createElement('span');
    name.textContent = item.name;
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.value = item.progress;
    const state = document.createElement('span');
    state.className = 'state';
    state.textContent = item.state;
    const eta = document.createElement('span');
    eta.textContent = item.state === 'running' ? formatEta(item.etaSeconds) : '';
    li.append(name, bar, state, eta);
    if (item.error) {
      const error = document.createElement('span');
      error.className = 'error';
      error.textContent = item.error;
      li.append(error);
    }
    return li;
  }));
}

function showResult(jobId, item, file) {
  const card = $('result-template').content.firstElementChild.cloneNode(true);
  const url = `/api/jobs/${jobId}/results/${item.index}`;
  card.querySelector('.name').textContent = item.name;
  card.querySelector('.size').textContent = `${item.width}×${item.height}`;
  const download = card.querySelector('.download');
  download.href = url;
  download.download = '';
  if (item.kind === 'video') {
    const video = document.createElement('video');
    video.controls = true;
    video.src = url;
    card.querySelector('.compare').replaceWith(video);
    card.querySelector('.slider').remove();
    card.querySelector('.zoom').parentElement.remove();
  } else {
    const stage = card.querySelector('.stage');
    const after = card.querySelector('.after');
    const before = card.querySelector('.before');
    after.src = url;
    before.src = URL.createObjectURL(file);
    const slider = card.querySelector('.slider');
    const divider = card.querySelector('.divider');
    const move = () => {
      before.style.clipPath = `inset(0 ${100 - slider.value}% 0 0)`;
      divider.style.left = `${slider.value}%`;
    };
    slider.addEventListener('input', move);
    move();
    card.querySelector('.zoom').addEventListener('change', (e) => {
      const zoom = Number(e.target.value);
      stage.style.width = zoom === 0 ? '100%' : `${item.width * zoom}px`;
    });
    const use = card.querySelector('.use-interp');
    use.hidden = false;
    use.onclick = () => chooseInterpolationSource(file);
    if (!interpSource) chooseInterpolationSource(file);
  }
  $('results').prepend(card);
}

// The live α slider: one request at a time; when one returns and α moved meanwhile, the next goes out.
let interpBusy = false;
let interpPending = false;

async function chooseInterpolationSource(file) {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(64, bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = side;
  canvas.getContext('2d').drawImage(bitmap, (bitmap.width - side) >> 1, (bitmap.height - side) >> 1, side, side, 0, 0, side, side);
  interpSource = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  updateInterpolation();
  requestPreview();
}

async function requestPreview() {
  if ($('interpolation').hidden || !interpSource) return;
  if (interpBusy) { interpPending = true; return; }
  interpBusy = true;
  const alpha = $('alpha-interp').value;
  const form = new FormData();
  form.append('image', interpSource, 'crop.png');
  form.append('modelA', $('model-a').value);
  form.append('modelB', $('model-b').value);
  form.append('alpha', alpha);
  try {
    const blob = await (await api('/api/interpolate-preview', { method: 'POST', body: form })).blob();
    const img = $('interp-image');
    if (img.src) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(blob);
    img.dataset.alpha = alpha;
    say('');
  } catch (e) { say(e.message); }
  interpBusy = false;
  if (interpPending) { interpPending = false; requestPreview(); }
}

async function filesFromDrop(items) {
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) files.push(await new Promise((ok, fail) => entry.file(ok, fail)));
    else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of [...items].map((i) => i.webkitGetAsEntry()).filter(Boolean)) await walk(entry);
  return files;
}

const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  submit(await filesFromDrop(e.dataTransfer.items));
});
for (const id of ['files', 'folder']) {
  $(id).addEventListener('change', (e) => { submit([...e.target.files]); e.target.value = ''; });
}
$('model-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    const added = await (await api('/api/models', { method: 'POST', body: form })).json();
    await loadModels(added.id);
    say(`model ${added.name}: ${added.architecture}`);
  } catch (err) { say(err.message); }
  e.target.value = '';
});
$('alpha-interp').addEventListener('input', () => {
  $('alpha-value').textContent = Number($('alpha-interp').value).toFixed(2);
  requestPreview();
});
$('model-a').addEventListener('change', requestPreview);
$('model-b').addEventListener('change', requestPreview);
loadModels().catch((e) => say(e.message));
