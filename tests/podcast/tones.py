"""Real audio made on the fly, for tests and benchmarks that need a file of a given length."""

import array
import math


def generate_mp3(seconds: float, frequency: float = 440.0, rate: int = 22050) -> bytes:
    """A real MPEG Layer III file (a soft tone), encoded with LAME through lameenc (a dev
    dependency). It also made the demo episodes' files in site/podcast/demo_audio/."""
    import lameenc

    samples = array.array(
        "h",
        (
            int(6000 * math.sin(2 * math.pi * frequency * n / rate))
            for n in range(int(seconds * rate))
        ),
    )
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(48)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return bytes(encoder.encode(samples.tobytes()) + encoder.flush())
