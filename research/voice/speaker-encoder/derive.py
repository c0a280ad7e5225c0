"""
Derives LessonLens' speaker encoder from the PyPI package `resemblyzer` (Apache-2.0), which carries its pretrained
GE2E voice encoder (`resemblyzer/pretrained.pt`) inside the wheel.

Run through derive.sh (a throwaway venv with pinned numpy, scipy, librosa and onnx; no torch):

1. fetches the pinned wheel with pip and checks its sha256;
2. reads pretrained.pt without torch: the file is PyTorch's legacy serialisation (a pickle of the state dict whose
   tensors point at raw little-endian storages that follow it), read by a small unpickler into numpy arrays;
3. writes two ONNX graphs under models/voice/ for onnxruntime-node:
   speaker-mel.onnx      frames [N, 400] (raw 16 kHz samples, 25 ms every 10 ms) -> mel power [N, 40], exactly the
                         package's wav_to_mel_spectrogram (librosa: periodic Hann, |rfft|^2, Slaney mel filters)
   speaker-encoder.onnx  mel windows [B, T, 40] -> L2-normalised 256-d embeddings [B, 256] (3-layer LSTM, linear, ReLU),
                         weights stored as float16 (cast to float32 when the session loads);
4. computes reference embeddings with the package's own code path (resemblyzer.audio.wav_to_mel_spectrogram and
   VoiceEncoder.embed_utterance, imported from the wheel), where only torch's nn.LSTM/nn.Linear forward is replaced by
   numpy with PyTorch's documented LSTM equations and the original float32 weights, for a few clips of the shared data
   decoded by ffmpeg exactly as the worker decodes; written to test/fixtures/voice/speaker-encoder-reference.json.

The package's full runtime needs torch, whose PyPI wheel for Linux x86-64 is the CUDA build (906 MB plus ~2.5 GB of
NVIDIA libraries), hence the numpy forward here; see models/voice/README.md for the one-off check against torch.
"""
import argparse
import collections
import hashlib
import io
import json
import pickle
import struct
import subprocess
import sys
import tempfile
import types
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PACKAGE = 'resemblyzer'
VERSION = '0.1.4'
WHEEL = 'Resemblyzer-0.1.4-py3-none-any.whl'
WHEEL_SHA256 = '8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f'
REPO = Path(__file__).resolve().parents[3]
OUT_DIR = REPO / 'models' / 'voice'
FIXTURE = REPO / 'test' / 'fixtures' / 'voice' / 'speaker-encoder-reference.json'
SHARED = REPO.parent / 'shared' / 'data'
# A few clips of the shared data: three RAVDESS validation actors (17 male, 18 and 20 female) and the talking-head video.
REFERENCE_CLIPS = [
    'speech/ravdess/Actor_17/03-01-01-01-01-01-17.flac',
    'speech/ravdess/Actor_18/03-01-05-02-02-01-18.flac',
    'speech/ravdess/Actor_20/03-01-03-02-01-02-20.flac',
    'video/short_hamilton_clip.mp4',
]
SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 40
HIDDEN = 256
LAYERS = 3


# ---------------------------------------------------------------- reading pretrained.pt without torch

_DTYPES = {'FloatStorage': np.float32, 'DoubleStorage': np.float64, 'HalfStorage': np.float16, 'LongStorage': np.int64,
           'IntStorage': np.int32, 'ByteStorage': np.uint8}


class _Storage:
    def __init__(self, kind):
        self.kind = kind
        self.data = None


def _rebuild_tensor(storage, offset, size, stride, *_):
    return ('tensor', storage, offset, tuple(size), tuple(stride))


class _LegacyUnpickler(pickle.Unpickler):
    def __init__(self, file, storages):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module, name):
        if module == 'torch._utils' and name.startswith('_rebuild_tensor'):
            return _rebuild_tensor
        if module == 'torch' and name.endswith('Storage'):
            return name
        if module == 'collections' and name == 'OrderedDict':
            return collections.OrderedDict
        raise pickle.UnpicklingError(f'unexpected class {module}.{name} in the checkpoint')

    def persistent_load(self, pid):
        _, kind, key, _location, _size = pid[:5]
        return self.storages.setdefault(key, _Storage(kind))


def read_legacy_checkpoint(data: bytes) -> dict:
    """PyTorch's legacy format: magic, protocol, system info, the object, storage keys, then each storage's bytes."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError('expected the legacy (non-zip) PyTorch format')
    file = io.BytesIO(data)
    magic = pickle.load(file)
    if magic != 0x1950A86A20F9469CFC6C:
        raise ValueError('not a PyTorch legacy checkpoint')
    pickle.load(file)  # protocol version
    info = pickle.load(file)
    if not info.get('little_endian', True):
        raise ValueError('big-endian checkpoint')
    storages: dict = {}
    root = _LegacyUnpickler(file, storages).load()
    for key in pickle.load(file):
        (count,) = struct.unpack('<q', file.read(8))
        storage = storages[key]
        dtype = np.dtype(_DTYPES[storage.kind])
        storage.data = np.frombuffer(file.read(count * dtype.itemsize), dtype=dtype)

    def materialise(value):
        if isinstance(value, tuple) and value and value[0] == 'tensor':
            _, storage, offset, size, stride = value
            base = storage.data[offset:]
            return np.lib.stride_tricks.as_strided(base, shape=size, strides=[s * base.itemsize for s in stride]).copy()
        if isinstance(value, dict):
            return {k: materialise(v) for k, v in value.items()}
        return value

    return materialise(root)


# ---------------------------------------------------------------- ONNX graphs

def _torch_to_onnx_gates(matrix: np.ndarray) -> np.ndarray:
    """PyTorch stacks LSTM gates as input, forget, cell, output; ONNX as input, output, forget, cell."""
    i, f, g, o = np.split(matrix, 4, axis=0)
    return np.concatenate([i, o, f, g], axis=0)


def encoder_graph(state: dict, float16: bool) -> onnx.ModelProto:
    storage = np.float16 if float16 else np.float32
    initializers = []
    nodes = []

    def weight(name: str, value: np.ndarray) -> str:
        stored = name + ('_f16' if float16 else '')
        initializers.append(numpy_helper.from_array(value.astype(storage), stored))
        if float16:
            nodes.append(helper.make_node('Cast', [stored], [name], to=TensorProto.FLOAT))
        return name

    nodes.append(helper.make_node('Transpose', ['mel'], ['x0'], perm=[1, 0, 2]))  # [T, B, 40]
    layer_input = 'x0'
    for layer in range(LAYERS):
        w = weight(f'W{layer}', _torch_to_onnx_gates(state[f'lstm.weight_ih_l{layer}'])[None])
        r = weight(f'R{layer}', _torch_to_onnx_gates(state[f'lstm.weight_hh_l{layer}'])[None])
        b = weight(f'B{layer}', np.concatenate([_torch_to_onnx_gates(state[f'lstm.bias_ih_l{layer}']),
                                                 _torch_to_onnx_gates(state[f'lstm.bias_hh_l{layer}'])])[None])
        outputs = [f'y{layer}', f'h{layer}'] if layer < LAYERS - 1 else ['', 'h_last']
        nodes.append(helper.make_node('LSTM', [layer_input, w, r, b], outputs, hidden_size=HIDDEN))
        if layer < LAYERS - 1:
            nodes.append(helper.make_node('Squeeze', [f'y{layer}', 'axis1'], [f'x{layer + 1}']))  # [T, 1, B, H] -> [T, B, H]
            layer_input = f'x{layer + 1}'
    initializers.append(numpy_helper.from_array(np.array([1], dtype=np.int64), 'axis1'))
    initializers.append(numpy_helper.from_array(np.array([0], dtype=np.int64), 'axis0'))
    nodes.append(helper.make_node('Squeeze', ['h_last', 'axis0'], ['hidden']))  # [B, H]
    linear_w = weight('linear_w', state['linear.weight'])
    linear_b = weight('linear_b', state['linear.bias'])
    nodes.append(helper.make_node('Gemm', ['hidden', linear_w, linear_b], ['linear'], transB=1))
    nodes.append(helper.make_node('Relu', ['linear'], ['raw']))
    nodes.append(helper.make_node('ReduceL2', ['raw'], ['norm'], axes=[1], keepdims=1))
    initializers.append(numpy_helper.from_array(np.array(1e-12, dtype=np.float32), 'tiny'))
    nodes.append(helper.make_node('Max', ['norm', 'tiny'], ['safe_norm']))
    nodes.append(helper.make_node('Div', ['raw', 'safe_norm'], ['embedding']))
    graph = helper.make_graph(
        nodes, 'resemblyzer_ge2e_encoder',
        [helper.make_tensor_value_info('mel', TensorProto.FLOAT, ['batch', 'frames', N_MELS])],
        [helper.make_tensor_value_info('embedding', TensorProto.FLOAT, ['batch', HIDDEN])],
        initializers)
    return _finish(graph, 'GE2E speaker encoder of resemblyzer 0.1.4 (mel windows -> L2-normalised 256-d embeddings)')


def mel_graph(mel_basis: np.ndarray) -> onnx.ModelProto:
    n = np.arange(N_FFT)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * n / N_FFT)).astype(np.float32)  # periodic Hann (scipy get_window 'hann')
    k = np.arange(N_FFT // 2 + 1)
    angle = 2 * np.pi * np.outer(n, k) / N_FFT
    cos_basis = (np.cos(angle) * window[:, None]).astype(np.float32)
    sin_basis = (np.sin(angle) * window[:, None]).astype(np.float32)
    initializers = [
        numpy_helper.from_array(cos_basis, 'cos_basis'),
        numpy_helper.from_array(sin_basis, 'sin_basis'),
        numpy_helper.from_array(mel_basis.T.astype(np.float32), 'mel_basis'),
    ]
    nodes = [
        helper.make_node('MatMul', ['frames', 'cos_basis'], ['re']),
        helper.make_node('MatMul', ['frames', 'sin_basis'], ['im']),
        helper.make_node('Mul', ['re', 're'], ['re2']),
        helper.make_node('Mul', ['im', 'im'], ['im2']),
        helper.make_node('Add', ['re2', 'im2'], ['power']),
        helper.make_node('MatMul', ['power', 'mel_basis'], ['mel']),
    ]
    graph = helper.make_graph(
        nodes, 'resemblyzer_mel',
        [helper.make_tensor_value_info('frames', TensorProto.FLOAT, ['n', N_FFT])],
        [helper.make_tensor_value_info('mel', TensorProto.FLOAT, ['n', N_MELS])],
        initializers)
    return _finish(graph, 'Mel power spectrogram of resemblyzer 0.1.4 (25 ms Hann frames -> 40 Slaney mel bands)')


def _finish(graph, doc: str) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='lessonlens research/voice/speaker-encoder/derive.py')
    model.ir_version = 8
    model.doc_string = doc
    onnx.checker.check_model(model)
    return model


# ---------------------------------------------------------------- reference embeddings (the package's own code path)

def numpy_lstm_forward(state: dict, mels: np.ndarray) -> np.ndarray:
    """nn.LSTM (batch_first) -> hidden[-1] -> nn.Linear -> ReLU -> L2 norm, as VoiceEncoder.forward, in float32."""
    sigmoid = lambda x: 0.5 * (1 + np.tanh(0.5 * x))
    x = mels.astype(np.float32)
    batch = x.shape[0]
    for layer in range(LAYERS):
        w_ih, w_hh = state[f'lstm.weight_ih_l{layer}'], state[f'lstm.weight_hh_l{layer}']
        bias = state[f'lstm.bias_ih_l{layer}'] + state[f'lstm.bias_hh_l{layer}']
        h = np.zeros((batch, HIDDEN), np.float32)
        c = np.zeros((batch, HIDDEN), np.float32)
        outputs = []
        projected = x @ w_ih.T + bias
        for t in range(x.shape[1]):
            gates = projected[:, t] + h @ w_hh.T
            i, f, g, o = np.split(gates, 4, axis=1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            outputs.append(h)
        x = np.stack(outputs, axis=1)
    raw = np.maximum(h @ state['linear.weight'].T + state['linear.bias'], 0)
    return raw / np.linalg.norm(raw, axis=1, keepdims=True)


def import_package(package_dir: Path, state: dict):
    """Imports resemblyzer from the unpacked wheel; torch and webrtcvad are stand-ins (the LSTM runs in numpy)."""
    class Wrapped:
        def __init__(self, value):
            self.value = value

        def to(self, _device):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.value

    torch = types.ModuleType('torch')
    torch.nn = types.SimpleNamespace(Module=object)
    torch.FloatTensor = np.ndarray
    torch.no_grad = lambda: __import__('contextlib').nullcontext()
    torch.from_numpy = Wrapped
    torch.device = lambda name: types.SimpleNamespace(type=name)
    sys.modules['torch'] = torch
    sys.modules['webrtcvad'] = types.ModuleType('webrtcvad')  # only used by trim_long_silences, which is not called
    sys.path.insert(0, str(package_dir))
    from resemblyzer import audio, voice_encoder  # noqa: E402

    encoder = object.__new__(voice_encoder.VoiceEncoder)
    encoder.device = torch.device('cpu')
    type(encoder).__call__ = lambda _self, mels: Wrapped(numpy_lstm_forward(state, mels.value))
    return audio, encoder


def decode(path: Path) -> np.ndarray:
    """The worker's decode: ffmpeg to 16 kHz mono float32 (lib/analysis/audio/decode.ts)."""
    raw = subprocess.run(['ffmpeg', '-nostdin', '-hide_banner', '-loglevel', 'error', '-i', str(path), '-vn', '-sn', '-dn',
                          '-ac', '1', '-ar', str(SAMPLE_RATE), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1'],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype='<f4').copy()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--float32', action='store_true', help='store float32 weights (default float16)')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:',
                        f'{PACKAGE}=={VERSION}', '-d', tmp], check=True)
        wheel_bytes = (Path(tmp) / WHEEL).read_bytes()
        wheel_sha = sha256(wheel_bytes)
        if WHEEL_SHA256 and wheel_sha != WHEEL_SHA256:
            raise SystemExit(f'{WHEEL} has sha256 {wheel_sha}, expected {WHEEL_SHA256}')
        package_dir = Path(tmp) / 'package'
        zipfile.ZipFile(io.BytesIO(wheel_bytes)).extractall(package_dir)
        checkpoint_bytes = (package_dir / 'resemblyzer' / 'pretrained.pt').read_bytes()
        state = read_legacy_checkpoint(checkpoint_bytes)['model_state']
        state = {k: v.astype(np.float32) for k, v in state.items()}

        import librosa
        mel_basis = librosa.filters.mel(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS)
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        files = {
            'speaker-mel.onnx': mel_graph(mel_basis).SerializeToString(),
            'speaker-encoder.onnx': encoder_graph(state, float16=not args.float32).SerializeToString(),
        }
        for name, data in files.items():
            (OUT_DIR / name).write_bytes(data)

        audio, encoder = import_package(package_dir, state)
        references = []
        for clip in REFERENCE_CLIPS:
            wav = decode(SHARED / clip)
            normalised = audio.normalize_volume(wav, audio.audio_norm_target_dBFS, increase_only=True)
            embedding, partials, _ = encoder.embed_utterance(normalised, return_partials=True)
            references.append({'clip': clip, 'samples': int(len(wav)), 'partials': int(len(partials)),
                               'embedding': [round(float(v), 7) for v in embedding]})
            print(f'{clip}: {len(wav) / SAMPLE_RATE:.2f} s, {len(partials)} partials')
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(json.dumps({
            'source': f'{PACKAGE} {VERSION} ({WHEEL}, sha256 {wheel_sha}), pretrained.pt sha256 {sha256(checkpoint_bytes)}',
            'method': 'normalize_volume(wav, -30 dBFS, increase_only) then VoiceEncoder.embed_utterance(rate=1.3, min_coverage=0.75); '
                      'wav = ffmpeg decode to 16 kHz mono float32 of ../shared/data/<clip>; LSTM forward in numpy, float32 weights',
            'clips': references,
        }, indent=1) + '\n')
        summary = {
            'package': f'{PACKAGE}=={VERSION}', 'wheel': WHEEL, 'wheel_sha256': wheel_sha,
            'pretrained_pt_sha256': sha256(checkpoint_bytes),
            'files': {name: sha256(data) for name, data in files.items()},
            'sizes': {name: len(data) for name, data in files.items()},
        }
        print(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
