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
# Source maps are not shipped; drop the comments that point at them.
sed -i '/sourceMappingURL/d' "$dest"/bootstrap/*.css "$dest"/bootstrap/*.js "$dest"/chartjs/*.js
