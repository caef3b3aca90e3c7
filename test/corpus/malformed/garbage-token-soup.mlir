{ %0 
 -> "kforge.matmul" < : -> x 
 [ ] x 
 : ] [ @f < > tensor<4x4xf32> x x array<i32: 1> } return , return { { return ] %0 < { : : , ) %0 ) array<i32: 1> { -> ( array<i32: 1> ( ) < > 
 , "kforge.matmul" x = , func.func func.func ] // -----
 { ] array<i32: 1> ) @f -> ] ( > , ] 
 ) @f ) , return 
 [ tensor<4x4xf32> -> func.func tensor<4x4xf32> @f tensor<4x4xf32> = [ func.func return ( func.func x } %0 ( ( > < return 
 tensor<4x4xf32> func.func ( < } < [ = = tensor<4x4xf32> @f x func.func { return < : [ func.func { array<i32: 1> < @f // -----
 // -----
 , 
 return @f "kforge.matmul" < tensor<4x4xf32> ) func.func < > x "kforge.matmul" // -----
 func.func "kforge.matmul" ( array<i32: 1> %0 func.func @f array<i32: 1> : "kforge.matmul" %0 -> %0 -> "kforge.matmul" tensor<4x4xf32> -> < } return "kforge.matmul" [ } ) "kforge.matmul" < < @f return { , x , } x "kforge.matmul" tensor<4x4xf32> < @f : ( [ @f } x ) func.func "kforge.matmul" > [ ] } "kforge.matmul" { x return < > func.func 
 // -----
 // -----
 [ x x tensor<4x4xf32> return } %0 @f @f tensor<4x4xf32> > ] func.func x %0 
 tensor<4x4xf32> @f array<i32: 1> , ( < [ @f // -----
 x x %0 , array<i32: 1> func.func 
 array<i32: 1> tensor<4x4xf32> %0 -> %0 -> tensor<4x4xf32> : , %0 @f = x %0 ) > tensor<4x4xf32> return { < %0 
 
 = @f // -----
 "kforge.matmul" "kforge.matmul" [ array<i32: 1> -> , func.func 
 -> = > , < return %0 [ return ] return ] -> func.func ] tensor<4x4xf32> ] [ 
 ] array<i32: 1> 
 ) tensor<4x4xf32> [ array<i32: 1> [ [ "kforge.matmul" ] return -> ) [ : : ] // -----
 ( ] < %0 { tensor<4x4xf32> array<i32: 1> x // -----
 [ > = = tensor<4x4xf32> "kforge.matmul" func.func -> : = "kforge.matmul" %0 < 
 %0 { -> = > func.func // -----
 , %0 ) %0 %0 -> : tensor<4x4xf32> = > // -----
 , } tensor<4x4xf32> : , func.func array<i32: 1> [ = > tensor<4x4xf32> %0 array<i32: 1> ) { ) x < : // -----
 = { = [ , tensor<4x4xf32> 
 ] tensor<4x4xf32> < { %0 // -----
 , array<i32: 1> // -----
 [ -> @f : array<i32: 1> ] @f array<i32: 1> return < -> < { { > @f return : -> tensor<4x4xf32> { @f x return 
 return ) func.func = ] -> "kforge.matmul" { array<i32: 1> tensor<4x4xf32> ] [ ) func.func , @f > , ] "kforge.matmul" array<i32: 1> < , -> ] "kforge.matmul" : tensor<4x4xf32> > -> return "kforge.matmul" , ] ( "kforge.matmul" %0 } return %0 : { // -----
 ( } -> > tensor<4x4xf32> -> return > > // -----
 %0 func.func ) "kforge.matmul" // -----
 "kforge.matmul" : ] { tensor<4x4xf32> 
 
 -> array<i32: 1> // -----
 -> > ] } { %0 array<i32: 1> ) [ func.func > < } ( ] : return , ) tensor<4x4xf32> %0 return < { // -----
 < array<i32: 1> -> ] : < // -----
 return array<i32: 1> -> 
 tensor<4x4xf32> 
 ) -> -> , array<i32: 1> , [ 
 > [ : tensor<4x4xf32> %0 %0 -> 
 return x < @f } [ ] func.func -> > : ] = [ 
 < @f func.func ( = return : %0 ] > ) } { func.func < x { 
 array<i32: 1> -> tensor<4x4xf32> > } = [ = func.func 
 [ tensor<4x4xf32> = { > x tensor<4x4xf32> func.func @f "kforge.matmul" < return func.func ( } // -----
 func.func // -----
 : > ) ) 
 func.func ] x %0 (