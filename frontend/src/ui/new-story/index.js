export { render } from './screen.js';
