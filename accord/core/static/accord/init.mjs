// Starts GOV.UK Frontend's JavaScript components (skip link, service
// navigation menu, notification banners, buttons, ...) on the whole page.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
