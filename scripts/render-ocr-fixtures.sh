#!/bin/sh
# Renders the OCR test images in test/fixtures/ocr/ (committed; re-run only to change them).
# Needs ImageMagick (`convert`) and two freely licensed fonts:
#   apt-get install imagemagick fonts-dejavu-core fonts-nanum
# DejaVu Sans (Bitstream Vera / DejaVu licence) for English, NanumGothic (SIL OFL 1.1) for Korean. Images rendered
# with a font are not the font software: both licences put no condition on them.
set -eu
cd "$(dirname "$0")/../test/fixtures/ocr"
EN=${EN_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
EN_BOLD=${EN_BOLD_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}
KO=${KO_FONT:-/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf}
# Deterministic output: no timestamps or other metadata in the files.
STRIP="-strip -define png:exclude-chunks=date,time"

# 1. A screenshot of a post repeating a claim of the starter data (Snopes: "The U.S. government has announced they
#    are planning to permanently ban Pokemon Go." rated False).
convert -size 900x320 xc:white \
  -fill '#e1e8ed' -draw 'rectangle 0,0 900,4' \
  -font "$EN_BOLD" -pointsize 28 -fill '#14171a' -annotate +40+60 'Patriot News' \
  -font "$EN" -pointsize 24 -fill '#657786' -annotate +235+60 '@patriotnews24 · 2h' \
  -font "$EN" -pointsize 34 -fill '#14171a' \
  -annotate +40+140 'BREAKING: The U.S. government has announced' \
  -annotate +40+190 'it is planning to permanently ban Pokemon Go.' \
  -font "$EN" -pointsize 22 -fill '#657786' -annotate +40+280 '12.4K Retweets   31K Likes' \
  $STRIP en-screenshot.png

# 2. The seed's Korean "breaking news" card (AFP Fact Check rated it Misleading).
convert -size 1000x340 xc:'#b80000' \
  -font "$KO" -pointsize 44 -fill white \
  -annotate +40+100 '[속보] 러시아 국영 언론' \
  -annotate +40+190 '"북한, 러시아 지원 위해' \
  -annotate +40+280 '우크라이나에 파병 결정"' \
  $STRIP ko-card.png

# 3. A photo without text: a blurred fractal landscape (JPEG).
convert -size 480x360 -seed 7 plasma:fractal -blur 0x3 -quality 80 $STRIP photo-no-text.jpg

# 4. A large screenshot (1242 × 2208, a phone screen) with many lines of text, for the bench.
LARGE=$({
  echo 'BREAKING: The U.S. government has announced it is planning to permanently ban Pokemon Go.'
  i=1
  while [ $i -le 22 ]; do
    echo "Line $i of a long thread: officials said the decision would be announced next week."
    i=$((i + 1))
  done
} | fold -s -w 54)
convert -size 1242x2208 xc:white -font "$EN" -pointsize 36 -fill '#14171a' \
  -annotate +40+80 "$LARGE" -colorspace Gray -colors 8 -depth 4 $STRIP en-large.png

# 5. An animated GIF (two frames), refused before decoding.
convert -size 120x60 xc:white -font "$EN" -pointsize 20 -fill black -annotate +10+35 'frame 1' \
  \( -size 120x60 xc:white -font "$EN" -pointsize 20 -fill black -annotate +10+35 'frame 2' \) \
  -set delay 50 -loop 0 $STRIP animated.gif

# 6. A decompression bomb: 20,000 × 20,000 pixels (400 megapixels) in a few kilobytes of PNG.
#    ImageMagick's own policy refuses to make it, so Node writes it (1-bit grayscale, all rows zero, valid CRCs).
node -e '
const zlib = require("node:zlib");
const side = 20000;
const row = Buffer.alloc(1 + side / 8);
const raw = Buffer.concat(Array.from({ length: side }, () => row));
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(side, 0); ihdr.writeUInt32BE(side, 4); ihdr[8] = 1; ihdr[9] = 0;
process.stdout.write(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr),
  chunk("IDAT", zlib.deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]));
' > bomb.png

ls -l
