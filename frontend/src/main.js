// Entry: the stylesheet and the app (app.js wires the pieces).
import './styles/app.css';
import { createApp } from './app.js';

createApp(document).start();
