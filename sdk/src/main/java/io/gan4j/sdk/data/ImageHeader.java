package io.gan4j.sdk.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * What an image file says about itself, read from its bytes without decoding the pixels: format,
 * size and channel count, after checks that catch most broken files cheaply (a zero-byte or
 * truncated file, an unsupported format, a PNG chunk whose CRC does not match). TensorFlow's
 * {@code DecodeImage} reads the same four formats; a file that passes here can still fail to
 * decode (a valid CRC over a broken zlib stream), which only a full decode finds
 * ({@code gan4j data --check}).
 *
 * <p>Usage: {@code ImageHeader h = ImageHeader.read(Path.of("cat.png")); int c = h.channels();}
 *
 * @param channels 1 for grey (with or without alpha), 3 for colour (RGB, RGBA, palette)
 */
public record ImageHeader(Format format, int width, int height, int channels) {

  /** The formats TensorFlow's {@code DecodeImage} decodes (first frame of a GIF). */
  public enum Format { PNG, JPEG, GIF, BMP }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int IEND = 0x49454e44;

  /**
   * Reads the header of {@code file}.
   *
   * @throws DataException whose message is the reason alone (the caller names the file), e.g.
   *     {@code empty file (0 bytes)} or {@code truncated PNG (no IEND chunk at the end)}
   */
  public static ImageHeader read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataException("unreadable (" + e.getMessage() + ")", e);
    }
    return parse(bytes);
  }

  /** As {@link #read} on the bytes of a file. */
  public static ImageHeader parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw new DataException("empty file (0 bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    if (startsWith(bytes, PNG_SIGNATURE)) {
      return png(b);
    }
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
      return jpeg(bytes);
    }
    if (startsWith(bytes, "GIF87a".getBytes()) || startsWith(bytes, "GIF89a".getBytes())) {
      return gif(bytes);
    }
    if (startsWith(bytes, "BM".getBytes())) {
      return bmp(bytes);
    }
    String other = otherFormat(bytes);
    throw new DataException(other != null
        ? "unsupported format " + other + " (gan4j reads PNG, JPEG, GIF and BMP)"
        : "not an image: starts with bytes " + hex(bytes, 8) + ", no PNG, JPEG, GIF or BMP signature");
  }

  private static ImageHeader png(ByteBuffer b) {
    int pos = PNG_SIGNATURE.length;
    int width = 0;
    int height = 0;
    int colourType = -1;
    boolean end = false;
    CRC32 crc = new CRC32();
    while (pos + 8 <= b.limit()) {
      long length = b.getInt(pos) & 0xffffffffL;
      int type = b.getInt(pos + 4);
      if (pos + 12 + length > b.limit()) {
        throw new DataException("truncated PNG (chunk " + chunkName(type) + " at byte " + pos + " runs past the end of the "
            + b.limit() + "-byte file)");
      }
      crc.reset();
      crc.update(b.array(), pos + 4, (int) length + 4);
      if ((int) crc.getValue() != b.getInt(pos + 8 + (int) length)) {
        throw new DataException("corrupt PNG (bad CRC in chunk " + chunkName(type) + " at byte " + pos + ")");
      }
      if (pos == PNG_SIGNATURE.length) {
        if (!chunkName(type).equals("IHDR") || length != 13) {
          throw new DataException("corrupt PNG (the first chunk is " + chunkName(type) + ", not IHDR)");
        }
        width = b.getInt(pos + 8);
        height = b.getInt(pos + 12);
        colourType = b.get(pos + 17);
      }
      pos += 12 + (int) length;
      if (type == IEND) {
        end = true;
        break;
      }
    }
    if (!end) {
      throw new DataException("truncated PNG (no IEND chunk at the end)");
    }
    int channels = switch (colourType) {
      case 0, 4 -> 1;
      case 2, 3, 6 -> 3;
      default -> throw new DataException("corrupt PNG (colour type " + colourType + ")");
    };
    return sized(Format.PNG, width, height, channels);
  }

  private static ImageHeader jpeg(byte[] bytes) {
    int n = bytes.length;
    if (n < 4 || (bytes[n - 2] & 0xff) != 0xff || (bytes[n - 1] & 0xff) != 0xd9) {
      throw new DataException("truncated JPEG (no end-of-image marker FFD9 at the end)");
    }
    int pos = 2;
    while (pos + 4 <= n) {
      if ((bytes[pos] & 0xff) != 0xff) {
        throw new DataException("corrupt JPEG (no marker at byte " + pos + ")");
      }
      int marker = bytes[pos + 1] & 0xff;
      if (marker == 0xff) {
        pos++;
        continue;
      }
      int length = ((bytes[pos + 2] & 0xff) << 8) | (bytes[pos + 3] & 0xff);
      boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (startOfFrame) {
        if (pos + 10 > n) {
          break;
        }
        int height = ((bytes[pos + 5] & 0xff) << 8) | (bytes[pos + 6] & 0xff);
        int width = ((bytes[pos + 7] & 0xff) << 8) | (bytes[pos + 8] & 0xff);
        int components = bytes[pos + 9] & 0xff;
        if (components != 1 && components != 3) {
          throw new DataException("unsupported JPEG with " + components + " colour components (CMYK?); gan4j reads grey and RGB JPEGs");
        }
        return sized(Format.JPEG, width, height, components);
      }
      pos += 2 + length;
    }
    throw new DataException("corrupt JPEG (no frame header)");
  }

  private static ImageHeader gif(byte[] bytes) {
    if (bytes.length < 14) {
      throw new DataException("truncated GIF (" + bytes.length + " bytes)");
    }
    if (bytes[bytes.length - 1] != 0x3b) {
      throw new DataException("truncated GIF (no trailer byte 0x3B at the end)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return sized(Format.GIF, b.getShort(6) & 0xffff, b.getShort(8) & 0xffff, 3);
  }

  private static ImageHeader bmp(byte[] bytes) {
    if (bytes.length < 30) {
      throw new DataException("truncated BMP (" + bytes.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long declared = b.getInt(2) & 0xffffffffL;
    if (declared > bytes.length) {
      throw new DataException("truncated BMP (" + bytes.length + " of the " + declared + " bytes its header declares)");
    }
    int bits = b.getShort(28);
    int channels = switch (bits) {
      case 8 -> 1;
      case 24, 32 -> 3;
      default -> throw new DataException("unsupported BMP with " + bits + " bits per pixel (gan4j reads 8, 24 and 32)");
    };
    return sized(Format.BMP, b.getInt(18), Math.abs(b.getInt(22)), channels);
  }

  private static ImageHeader sized(Format format, int width, int height, int channels) {
    if (width <= 0 || height <= 0) {
      throw new DataException("corrupt " + format + " (size " + width + "x" + height + ")");
    }
    return new ImageHeader(format, width, height, channels);
  }

  /** Names a format by its signature when it is one we know but do not read, else null. */
  private static String otherFormat(byte[] bytes) {
    if (startsWith(bytes, "RIFF".getBytes()) && bytes.length >= 12 && new String(bytes, 8, 4).equals("WEBP")) {
      return "WebP";
    }
    if (startsWith(bytes, new byte[] {'I', 'I', 42, 0}) || startsWith(bytes, new byte[] {'M', 'M', 0, 42})) {
      return "TIFF";
    }
    if (bytes.length >= 12 && new String(bytes, 4, 4).equals("ftyp")) {
      return "HEIF/AVIF";
    }
    if (startsWith(bytes, "<svg".getBytes()) || startsWith(bytes, "<?xml".getBytes())) {
      return "SVG/XML";
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String chunkName(int type) {
    return new String(new byte[] {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type},
        java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String hex(byte[] bytes, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, bytes.length); i++) {
      s.append(String.format("%02X", bytes[i] & 0xff));
    }
    return s.toString();
  }
}
