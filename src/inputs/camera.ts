/**
 * One photo from the camera, never a stream into the network. Phones (coarse pointers)
 * get their own camera app through `<input capture>`; elsewhere a small dialog shows the
 * camera's preview until "Take photo", then every track is stopped.
 */
import { h } from '../views/dom';
import type { Messages } from '../languages/i18n';

/** True when the device reports a camera (labels are not needed, so no permission prompt). */
export async function hasCamera(): Promise<boolean> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.enumerateDevices || !devices.getUserMedia) return false;
  try {
    return (await devices.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** True on touch-first devices, where the system camera app is the better snapshot tool. */
export function prefersCaptureInput(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}

/** Opens `input` (an `<input type=file capture>`) and resolves with the photo, or null. */
function pickWithInput(input: HTMLInputElement): Promise<Blob | null> {
  return new Promise((resolve) => {
    input.value = '';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

function grabFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob && new File([blob], 'camera.png', { type: 'image/png' })), 'image/png'));
}

/** Shows a preview dialog inside `parent` and resolves with one frame, or null if cancelled. */
async function snapshotDialog(parent: Node, t: Messages): Promise<Blob | null> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  const video = h('video', { class: 'camera-video', autoplay: true, playsinline: true, muted: true });
  video.srcObject = stream;
  const take = h('button', { type: 'button', class: 'primary' }, [t.takePhoto]);
  const cancel = h('button', { type: 'button' }, [t.cancel]);
  const dialog = h('dialog', { class: 'camera', 'aria-label': t.camera }, [video, h('div', { class: 'actions' }, [take, cancel])]);
  parent.appendChild(dialog);
  dialog.showModal();
  try {
    return await new Promise<Blob | null>((resolve) => {
      take.addEventListener('click', () => void grabFrame(video).then(resolve));
      cancel.addEventListener('click', () => resolve(null));
      dialog.addEventListener('cancel', () => resolve(null));
    });
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    dialog.close();
    dialog.remove();
  }
}

/** One snapshot: through `captureInput` on phones, a preview dialog elsewhere. */
export function takeSnapshot(parent: Node, captureInput: HTMLInputElement, t: Messages): Promise<Blob | null> {
  return prefersCaptureInput() ? pickWithInput(captureInput) : snapshotDialog(parent, t);
}
