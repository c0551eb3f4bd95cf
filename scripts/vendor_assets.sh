#!/bin/sh
# Copies the few front-end files the portal serves from node_modules/ into static/vendor/.
# Run `npm install && npm run vendor` after changing package.json; commit static/vendor/.
set -eu
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/vazirmatn" "$dest/chartjs"
cp node_modules/bootstrap/dist/css/bootstrap.rtl.min.css node_modules/bootstrap/dist/css/bootstrap.min.css \
   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/LICENSE "$dest/bootstrap/"
cp node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2 node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2 \
   node_modules/vazirmatn/OFL.txt "$dest/vazirmatn/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$dest/chartjs/"
# axe-core is for the accessibility tests only (tests/e2e/test_walk.py loads it into Chromium):
# it lives under tests/, never under static/, so the portal does not serve it.
mkdir -p tests/vendor/axe-core
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/vendor/axe-core/
# Source maps are not shipped; drop the comments that point at them.
sed -i '/sourceMappingURL/d' "$dest"/bootstrap/*.css "$dest"/bootstrap/*.js "$dest"/chartjs/*.js
