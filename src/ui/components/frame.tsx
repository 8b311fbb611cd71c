// Draws a screen: one ink Text per line, styled segments inside. The only component that knows about colors.

import { Box, Text } from 'ink';
import type { Line } from '../line.js';

export interface FrameProps {
  readonly lines: readonly Line[];
  readonly colors: boolean;
}

export function Frame({ lines, colors }: FrameProps) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.map((s, j) => (
            <Text
              key={j}
              {...(colors && s.color ? { color: s.color } : {})}
              bold={s.bold ?? false}
              dimColor={s.dim ?? false}
              inverse={s.inverse ?? false}
            >
              {s.text === '' ? ' ' : s.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
