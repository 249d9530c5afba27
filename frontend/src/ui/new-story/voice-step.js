// Voice: tell the memory instead of typing it. Recorded in the browser with MediaRecorder (Opus
// in WebM in Chrome and Firefox, AAC in MP4 in Safari: the server takes both), played back,
// recorded again, with a transcript for everyone who cannot listen. A recording file can be
// chosen instead where the browser cannot record. It writes draft.audio; the outbox sends it.
import { t } from '../../i18n/index.js';
import { uuid } from '../../offline/outbox.js';
import { field, h } from '../dom.js';
import { announce } from '../status.js';

// In order of preference; the first the browser can make is used.
const RECORDING_TYPES = [
  ['audio/webm;codecs=opus', 'webm'],
  ['audio/webm', 'webm'],
  ['audio/mp4;codecs=mp4a.40.2', 'm4a'],
  ['audio/mp4', 'm4a'],
  ['audio/ogg;codecs=opus', 'ogg'],
];

/** The recording type this browser makes, as [mime type, file extension], or null. */
export function recordingType(Recorder = globalThis.MediaRecorder) {
  if (!Recorder) return null;
  if (typeof Recorder.isTypeSupported !== 'function') return ['', 'webm'];
  return RECORDING_TYPES.find(([type]) => Recorder.isTypeSupported(type)) || null;
}

/**
 * createVoiceStep(draft, {rules, onChange}) → {element, destroy}
 * rules: the server's audio settings (max_seconds, max_bytes, max_per_story)
 */
export function createVoiceStep(draft, { rules = {}, onChange }) {
  draft.audio ||= [];
  const maxSeconds = rules.max_seconds || 300;
  let recorder = null;
  let stream = null;
  let chunks = [];
  let startedAt = 0;
  let ticker = null;
  let objectUrl = null;

  const message = h('p', { class: 'voice-message', role: 'status' });
  const timer = h('p', { class: 'voice-timer', 'aria-live': 'off' });
  const recordButton = h('button', { type: 'button', class: 'button voice-record', onclick: start }, t('voice.record'));
  const stopButton = h(
    'button',
    { type: 'button', class: 'button button-primary voice-stop', onclick: stop, hidden: true },
    t('voice.stop'),
  );
  const fileInput = h('input', {
    type: 'file',
    accept: (rules.accepted_types || ['audio/*']).join(','),
    class: 'visually-hidden',
    tabindex: '-1',
    'aria-label': t('voice.chooseFile'),
  });
  const fileButton = h(
    'button',
    { type: 'button', class: 'link-button', onclick: () => fileInput.click() },
    t('voice.chooseFile'),
  );
  const result = h('div', { class: 'voice-result' });
  const existing = h('ul', { class: 'voice-existing' });
  const transcript = field({
    label: t('voice.transcript'),
    name: 'transcript',
    multiline: true,
    hint: t('voice.transcriptHint'),
    attrs: { maxlength: 10000, rows: 3 },
  });
  transcript.input.addEventListener('input', (event) => {
    event.stopPropagation(); // not the story's own text: the form's reader skips it
    if (draft.audio[0]) draft.audio[0].transcript = transcript.input.value;
    onChange();
  });

  const element = h(
    'fieldset',
    { class: 'step voice' },
    h('legend', {}, t('voice.title')),
    h('p', { class: 'hint' }, t('voice.hint', { minutes: Math.round(maxSeconds / 60) })),
    existing,
    h('div', { class: 'inline-buttons' }, recordButton, stopButton),
    timer,
    message,
    result,
    h('p', {}, fileButton),
    fileInput,
  );

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (rules.max_bytes && file.size > rules.max_bytes) return say(t('voice.tooLarge'));
    keep(file, file.name || 'recording', null);
  });

  function say(text) {
    message.textContent = text;
  }

  async function start() {
    const type = recordingType();
    if (!type || !navigator.mediaDevices?.getUserMedia) return say(t('voice.unsupported'));
    say(t('voice.asking'));
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      const name = error?.name || '';
      if (name === 'NotAllowedError' || name === 'SecurityError') return say(t('voice.denied'));
      if (name === 'NotFoundError' || name === 'OverconstrainedError') return say(t('voice.noMicrophone'));
      if (name === 'NotReadableError') return say(t('voice.busy'));
      return say(t('voice.failed'));
    }
    chunks = [];
    try {
      recorder = new MediaRecorder(stream, type[0] ? { mimeType: type[0] } : undefined);
    } catch {
      release();
      return say(t('voice.unsupported'));
    }
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data?.size) chunks.push(event.data);
    });
    recorder.addEventListener('stop', () => {
      const mime = (recorder.mimeType || type[0] || 'audio/webm').split(';')[0];
      const extension = mime.includes('mp4') ? 'm4a' : mime.includes('ogg') ? 'ogg' : 'webm';
      const blob = new Blob(chunks, { type: mime });
      const seconds = Math.round((Date.now() - startedAt) / 1000);
      release();
      if (!blob.size) return say(t('voice.failed'));
      keep(blob, `opname.${extension}`, seconds);
    });
    recorder.start(1000);
    startedAt = Date.now();
    recordButton.hidden = true;
    stopButton.hidden = false;
    stopButton.focus();
    say(t('voice.recording'));
    tick();
    ticker = setInterval(tick, 500);
  }

  function tick() {
    const seconds = Math.floor((Date.now() - startedAt) / 1000);
    timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    if (seconds >= maxSeconds) stop();
  }

  function stop() {
    if (recorder?.state === 'recording') recorder.stop();
    clearInterval(ticker);
    stopButton.hidden = true;
    recordButton.hidden = false;
  }

  function release() {
    for (const track of stream?.getTracks() || []) track.stop();
    stream = null;
  }

  function keep(blob, filename, seconds) {
    const previous = draft.audio[0];
    draft.audio = [
      {
        id: uuid(),
        file: blob,
        filename,
        transcript: previous?.transcript || transcript.input.value || '',
        duration: seconds,
      },
    ];
    drawResult();
    say(t('voice.recorded'));
    announce(t('voice.recorded'));
    onChange();
    result.querySelector('audio')?.focus();
  }

  function remove() {
    draft.audio = [];
    drawResult();
    say(t('voice.removed'));
    onChange();
    recordButton.focus();
  }

  function drawResult() {
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    const rec = draft.audio[0];
    recordButton.textContent = rec ? t('voice.again') : t('voice.record');
    if (!rec?.file) {
      result.replaceChildren();
      return;
    }
    objectUrl = URL.createObjectURL(rec.file);
    transcript.input.value = rec.transcript || '';
    result.replaceChildren(
      h('audio', { controls: true, src: objectUrl, class: 'voice-playback', 'aria-label': t('voice.playback') }),
      h(
        'p',
        { class: 'inline-buttons' },
        h('button', { type: 'button', class: 'link-button', onclick: remove }, t('voice.remove')),
      ),
      transcript.wrap,
    );
  }

  /** The transcript of a recording already sent, editable. */
  function transcriptOf(rec, index) {
    const text = field({
      label: t('edit.transcriptOf', { n: index + 1 }),
      name: `transcript-${index}`,
      multiline: true,
      attrs: { maxlength: 10000, rows: 2 },
    });
    text.input.value = rec.transcript || '';
    text.input.addEventListener('input', (event) => {
      event.stopPropagation();
      rec.transcript = text.input.value;
      onChange();
    });
    return text.wrap;
  }

  function drawExisting() {
    const recordings = draft.existing_audio || [];
    existing.hidden = !recordings.length;
    existing.replaceChildren(
      ...recordings.map((rec, index) => {
        const removed = (draft.remove_audio || []).includes(rec.id);
        return h(
          'li',
          { class: removed ? 'voice-removed' : '' },
          h('audio', {
            controls: true,
            src: rec.url,
            preload: 'none',
            'aria-label': t('voice.existing', { n: index + 1 }),
          }),
          removed ? h('p', { class: 'hint' }, t('edit.recordingWillGo')) : transcriptOf(rec, index),
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'aria-pressed': String(removed),
              onclick: () => {
                draft.remove_audio = removed
                  ? draft.remove_audio.filter((id) => id !== rec.id)
                  : [...(draft.remove_audio || []), rec.id];
                drawExisting();
                onChange();
                existing.querySelectorAll('button')[index]?.focus();
              },
            },
            removed ? t('edit.keepRecording', { n: index + 1 }) : t('voice.removeExisting', { n: index + 1 }),
          ),
        );
      }),
    );
  }

  drawExisting();
  drawResult();
  return {
    element,
    destroy() {
      if (recorder?.state === 'recording') recorder.stop();
      clearInterval(ticker);
      release();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
}
