import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads the cases written by the TypeScript AvroConverter with the Java Avro library.
 * Input: lines of "id<TAB>schema text<TAB>base64 of the Confluent-framed bytes".
 * Output per case: id, whether Java's Schema.toString() gives back the same text, and the decoded
 * value as GenericData prints it (logical types left as their Avro primitives).
 */
public class AvroCompat {
  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] parts = line.split("\t", -1);
      Schema schema = new Schema.Parser().parse(parts[1]);
      byte[] framed = Base64.getDecoder().decode(parts[2]);
      if (framed[0] != 0) throw new IllegalStateException(parts[0] + ": magic byte " + framed[0]);
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
      Object value = new GenericDatumReader<Object>(schema).read(null, decoder);
      if (!decoder.isEnd()) throw new IllegalStateException(parts[0] + ": trailing bytes");
      System.out.println(parts[0] + "\t" + schema.toString().equals(parts[1]) + "\t" + GenericData.get().toString(value));
    }
  }
}
