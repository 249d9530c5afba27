export { createMapView } from './map-view.js';
export { KINDS } from './markers.js';
export { createPinPicker } from './pin-picker.js';
export { createTourMap } from './tour-map.js';
