#!/usr/bin/python3
"""Writes the small image files of the bad/odd-input corpus, and what PIL (as Keras'
load_img uses it) reads from each: size and RGB pixels after convert('RGB').

Run once with Debian's python3-pil (9.4): /usr/bin/python3 test/corpus/make-files.py
The outputs are committed; tests only read them.
"""
import io, json, os, struct
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'files')


def gradient(w, h):
    img = Image.new('RGB', (w, h))
    img.putdata([((x * 255) // (w - 1), (y * 255) // (h - 1), (x * 7 + y * 13) % 256) for y in range(h) for x in range(w)])
    return img


def exif_orientation(value):
    # TIFF header (big-endian) + one IFD entry: Orientation (0x0112), SHORT, count 1.
    ifd = struct.pack('>H', 1) + struct.pack('>HHIHH', 0x0112, 3, 1, value, 0) + struct.pack('>I', 0)
    return b'Exif\x00\x00' + b'MM\x00\x2a' + struct.pack('>I', 8) + ifd


def write_all():
    os.makedirs(OUT, exist_ok=True)
    base = gradient(16, 8)
    base.save(os.path.join(OUT, 'exif-rotated.jpg'), quality=95, exif=exif_orientation(6))
    base.convert('CMYK').save(os.path.join(OUT, 'cmyk.jpg'), quality=95)
    base.convert('L').save(os.path.join(OUT, 'gray.png'))
    rgba = base.convert('RGBA')
    rgba.putdata([(r, g, b, (x * 37) % 256) for (r, g, b, _), x in zip(rgba.getdata(), range(16 * 8))])
    rgba.save(os.path.join(OUT, 'rgba.png'))
    frames = [Image.new('RGB', (6, 4), (230, 20, 20)), Image.new('RGB', (6, 4), (20, 20, 230))]
    frames[0].save(os.path.join(OUT, 'animated.gif'), save_all=True, append_images=frames[1:], duration=100, loop=0)
    Image.new('RGB', (1, 1), (12, 200, 99)).save(os.path.join(OUT, 'one-pixel.png'))
    gray16 = Image.new('I;16', (8, 4))
    gray16.putdata([i * 2000 for i in range(32)])
    gray16.save(os.path.join(OUT, 'gray16.png'))


def expected():
    result = {}
    for name in sorted(os.listdir(OUT)):
        if name.endswith('.json'):
            continue
        img = Image.open(os.path.join(OUT, name))
        rgb = img.convert('RGB')
        result[name] = {'mode': img.mode, 'width': rgb.width, 'height': rgb.height,
                        'rgb': [v for px in rgb.getdata() for v in px]}
    with open(os.path.join(OUT, 'pil-expected.json'), 'w') as f:
        json.dump(result, f)


write_all()
expected()
