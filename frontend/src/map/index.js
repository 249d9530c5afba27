export { createMapView } from './map-view.js';
export { createPinPicker } from './pin-picker.js';
export { KINDS } from './markers.js';
